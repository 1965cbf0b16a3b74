package io.banditflow.core.drift;

/**
 * The verdict on one current window against its reference, with the statistics behind it. A
 * statistic that was not computed (too few values for it) is NaN.
 */
public record DriftEvaluation(
        Verdict verdict,
        double psi,
        double ksStatistic,
        double ksPValue,
        int referenceSize,
        int currentSize) {

    public enum Verdict {
        /** A window had fewer than the minimum number of values: no statistic was judged. */
        INSUFFICIENT_DATA,
        CLEAN,
        /** PSI at or above its threshold, or the KS p-value below alpha with D large enough. */
        BREACH
    }

    public DriftEvaluation withVerdict(Verdict other) {
        return new DriftEvaluation(other, psi, ksStatistic, ksPValue, referenceSize, currentSize);
    }

    public boolean psiBreached(DriftPolicy policy) {
        return psi >= policy.psiThreshold();
    }

    public boolean ksBreached(DriftPolicy policy) {
        return ksPValue < policy.ksAlpha() && ksStatistic >= policy.ksMinStatistic();
    }
}
