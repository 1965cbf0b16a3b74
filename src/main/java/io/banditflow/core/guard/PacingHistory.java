package io.banditflow.core.guard;

/**
 * The budget pacer's λ in force when each round was decided (λ after the latest round that had
 * ended by the round's decision time; 0 before any, and without pacing). A batch is learned days
 * after its rounds were decided, so what its costs are weighed by is looked up here, per learner
 * ({@link io.banditflow.core.policy.BidPolicy#asLearned}).
 */
@FunctionalInterface
public interface PacingHistory {
    /** No pacing: every round decided at λ = 0. */
    PacingHistory NONE = round -> 0;

    double lambdaWhenDecided(long round);
}
