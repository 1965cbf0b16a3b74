package io.banditflow.core.eval;

/**
 * An off-policy estimate of a policy's value (mean reward per logged round) with a 95% confidence
 * interval and the effective sample size of its importance weights, (Σw)² / Σw².
 */
public record Estimate(
        String estimator, double value, double lower, double upper, double effectiveSampleSize) {}
