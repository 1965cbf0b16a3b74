package io.banditflow.core.policy;

/**
 * Per-arm (discounted) counts and reward sums of {@link EpsilonGreedy}. A POJO, for Flink state.
 */
public class MeanState {
    public double[] counts;
    public double[] sums;
}
