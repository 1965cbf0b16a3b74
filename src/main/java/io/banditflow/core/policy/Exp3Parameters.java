package io.banditflow.core.policy;

/**
 * Parameters of {@link BatchExp3}.
 *
 * @param learningRate η, the step of the exponential weights
 * @param uniformMix γ, the share of probability mixed uniformly over all arms
 * @param implicitExploration γ_IX of EXP3-IX, added to the propensity in the loss estimate (0 for
 *     plain EXP3)
 */
public record Exp3Parameters(double learningRate, double uniformMix, double implicitExploration) {
    public Exp3Parameters {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be positive");
        }
        if (!(uniformMix >= 0 && uniformMix <= 1)) {
            throw new IllegalArgumentException("uniformMix must be in [0, 1]");
        }
        if (!(implicitExploration >= 0) || !Double.isFinite(implicitExploration)) {
            throw new IllegalArgumentException("implicitExploration must be >= 0");
        }
    }
}
