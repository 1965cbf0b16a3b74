package io.banditflow.core.eval;

/**
 * An off-policy estimate of a policy's value (mean reward per logged round) with a 95% confidence
 * interval and the effective sample size of its importance weights, (Σw)² / Σw². The interval is
 * clipped to the range of the logged rewards (a mean of rewards cannot leave it; a normal interval
 * over few heavy weights does, e.g. below zero for a click rate); the value is left as the
 * estimator gives it.
 */
public record Estimate(
        String estimator, double value, double lower, double upper, double effectiveSampleSize) {

    /**
     * Below this effective sample size the normal interval is not to be trusted: a few rounds carry
     * the estimate (the usual rule of thumb for a normal approximation to a mean).
     */
    public static final double MIN_RELIABLE_ESS = 30;

    /** Whether the effective sample size is large enough for the interval to mean what it says. */
    public boolean reliable() {
        return effectiveSampleSize >= MIN_RELIABLE_ESS;
    }

    /** The same estimate with its interval clipped to [min, max]. */
    public Estimate clippedTo(double min, double max) {
        return new Estimate(
                estimator,
                value,
                Math.max(min, Math.min(lower, max)),
                Math.min(max, Math.max(upper, min)),
                effectiveSampleSize);
    }
}
