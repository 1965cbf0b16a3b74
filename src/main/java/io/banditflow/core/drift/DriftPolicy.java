package io.banditflow.core.drift;

/**
 * When a window counts as drifted, and when a scope may recover.
 *
 * @param psiThreshold PSI at or above which the current window has shifted (0.25 by convention)
 * @param ksAlpha KS p-value below which the current window differs from the reference; it is also
 *     the false-alarm rate per metric and evaluation on a stationary stream, before correlation
 *     between overlapping windows
 * @param ksMinStatistic the smallest KS distance D that counts: on thousands of values KS finds
 *     differences too small to matter (a market-wide sample shifts a little whenever the mix of
 *     products winning auctions changes), so a KS breach needs both p &lt; alpha and D at least
 *     this (the effect size, as the PSI threshold is for PSI)
 * @param minSamples fewer values than this in either window: no KS verdict
 * @param psiMinSamples fewer values than this in either window: no PSI verdict. PSI over ten bins
 *     is biased upwards by about 9 (1/n + 1/m) on small samples, and each empty bin of the current
 *     window adds about 0.7 with ε = 1e-4, so PSI needs roughly ten values per bin to mean anything
 * @param recoveryWindows consecutive clean evaluations needed to leave fallback (hysteresis)
 */
public record DriftPolicy(
        double psiThreshold,
        double ksAlpha,
        double ksMinStatistic,
        int minSamples,
        int psiMinSamples,
        int recoveryWindows) {
    public DriftPolicy {
        if (!(psiThreshold > 0) || !(ksAlpha > 0 && ksAlpha < 1)) {
            throw new IllegalArgumentException("need psiThreshold > 0 and 0 < ksAlpha < 1");
        }
        if (!(ksMinStatistic >= 0 && ksMinStatistic < 1)) {
            throw new IllegalArgumentException("need 0 <= ksMinStatistic < 1");
        }
        if (minSamples < 2 || psiMinSamples < 2 || recoveryWindows < 1) {
            throw new IllegalArgumentException(
                    "need minSamples >= 2, psiMinSamples >= 2 and recoveryWindows >= 1");
        }
    }
}
