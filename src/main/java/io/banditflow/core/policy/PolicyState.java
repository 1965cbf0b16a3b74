package io.banditflow.core.policy;

import io.banditflow.core.reward.ProfitHistory;

/**
 * What one product's policy has learned: EXP3 scores, the history behind its reward range, and
 * counters for inspection. A plain POJO (public fields, no-arg constructor): Flink stores it with
 * its POJO serializer, which tolerates added fields across savepoints.
 */
public class PolicyState {
    public double[] scores;
    public ProfitHistory profitHistory;

    /** Number of batch updates applied; the version logged with every decision. */
    public long policyVersion;

    public long roundsLearned;

    /** Event time of the last batch update, or 0 before the first. */
    public long lastUpdateTime;
}
