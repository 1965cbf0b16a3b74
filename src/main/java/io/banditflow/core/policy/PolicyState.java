package io.banditflow.core.policy;

import io.banditflow.core.reward.ProfitHistory;

/**
 * What one product's policy has learned: the model of its learner, the history behind its reward
 * range, and counters for inspection. A plain POJO (public fields, no-arg constructor): Flink
 * stores it with its POJO serializer, which tolerates added fields across savepoints. Exactly one
 * model field is set, the one of the job's learner; the others stay null and cost a byte each.
 */
public class PolicyState {
    /** Batch EXP3 and EXP3-IX: the scores S. */
    public double[] scores;

    /** LinUCB and linear Thompson sampling: the Cholesky factor of A and b per arm. */
    public LinUcbState linear;

    /** Beta–Bernoulli Thompson sampling: the posteriors. */
    public BetaState beta;

    /** ε-greedy: the (discounted) counts and reward sums per arm. */
    public MeanState means;

    /** Value per click × bid landscape: the landscape's sums and the value evidence. */
    public io.banditflow.core.landscape.LandscapeState landscape;

    public ProfitHistory profitHistory;

    /** Number of batch updates applied; the version logged with every decision. */
    public long policyVersion;

    /**
     * Set by a decision that changed the state (a learner keeping its decision distribution until
     * its next update, {@code ValueLandscape}): the job then writes the state back. Not stored.
     */
    public transient boolean changedByDecision;

    public long roundsLearned;

    /** Event time of the last batch update, or 0 before the first. */
    public long lastUpdateTime;

    /** The category whose pooled evidence the learner started from, or null (from scratch). */
    public String pooledFrom;
}
