package io.banditflow.core.pool;

/**
 * The pooled evidence of one category: per arm, the discounted number of rounds its products played
 * it and the sum of their rewards. A plain POJO (public fields, no-arg constructor) for Flink keyed
 * state, one per category.
 */
public class CategoryPool {
    public double[] rounds;
    public double[] rewardSums;

    /** The newest round folded in; the discount counts from it. */
    public long lastRound;

    /** Whether any round has been folded in yet. */
    public boolean started;
}
