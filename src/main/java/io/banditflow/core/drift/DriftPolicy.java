package io.banditflow.core.drift;

/**
 * When a window counts as drifted, and when a scope may recover.
 *
 * @param psiThreshold PSI at or above which the current window has shifted (0.25 by convention)
 * @param ksAlpha KS p-value below which the current window differs from the reference
 * @param minSamples fewer values than this in either window: no verdict (thin data never alarms)
 * @param recoveryWindows consecutive clean windows needed to leave fallback (hysteresis)
 */
public record DriftPolicy(
        double psiThreshold, double ksAlpha, int minSamples, int recoveryWindows) {
    public DriftPolicy {
        if (!(psiThreshold > 0) || !(ksAlpha > 0 && ksAlpha < 1)) {
            throw new IllegalArgumentException("need psiThreshold > 0 and 0 < ksAlpha < 1");
        }
        if (minSamples < 2 || recoveryWindows < 1) {
            throw new IllegalArgumentException("need minSamples >= 2 and recoveryWindows >= 1");
        }
    }
}
