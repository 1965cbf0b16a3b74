package io.banditflow.core.drift;

/**
 * The verdict on one current window against its reference, with the statistics behind it. A
 * statistic that was not computed (too few values for it) is NaN.
 *
 * @param psiNoise the PSI sampling noise alone reaches with probability alpha at these sizes and
 *     bins ({@link PopulationStabilityIndex#noiseLevel}); 0 when PSI was not computed
 * @param ksTies whether ties between the windows made KS's p-value conservative ({@link
 *     TwoSampleKs.Result#significantTies})
 */
public record DriftEvaluation(
        Verdict verdict,
        double psi,
        double ksStatistic,
        double ksPValue,
        int referenceSize,
        int currentSize,
        double psiNoise,
        boolean ksTies) {

    /** An evaluation whose PSI needs only to reach its threshold (no noise level), without ties. */
    public DriftEvaluation(
            Verdict verdict,
            double psi,
            double ksStatistic,
            double ksPValue,
            int referenceSize,
            int currentSize) {
        this(verdict, psi, ksStatistic, ksPValue, referenceSize, currentSize, 0, false);
    }

    public enum Verdict {
        /** A window had fewer than the minimum number of values: no statistic was judged. */
        INSUFFICIENT_DATA,
        CLEAN,
        /** PSI at or above its threshold, or the KS p-value below alpha with D large enough. */
        BREACH
    }

    public DriftEvaluation withVerdict(Verdict other) {
        return new DriftEvaluation(
                other, psi, ksStatistic, ksPValue, referenceSize, currentSize, psiNoise, ksTies);
    }

    /**
     * The PSI a breach needs: the threshold, or the level sampling noise alone reaches with
     * probability alpha at these sample sizes when that is higher ({@link
     * PopulationStabilityIndex#noiseLevel}), so that a PSI breach is as rare on a stable stream at
     * every sample size the job judges.
     */
    public double psiCritical(DriftPolicy policy) {
        return Math.max(policy.psiThreshold(), psiNoise);
    }

    public boolean psiBreached(DriftPolicy policy) {
        return psi >= psiCritical(policy);
    }

    public boolean ksBreached(DriftPolicy policy) {
        return ksPValue < policy.ksAlpha() && ksStatistic >= policy.ksMinStatistic();
    }
}
