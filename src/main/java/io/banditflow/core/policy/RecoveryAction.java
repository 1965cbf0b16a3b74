package io.banditflow.core.policy;

/** What happens to a product's learner when its scope leaves drift fallback. */
public enum RecoveryAction {
    /** Continue from what was learned before the drift. */
    KEEP,
    /** Move the learner part of the way back to its start: the old market is partly stale. */
    DECAY,
    /** Start again from the prior: the old market says nothing about the new one. */
    RESET
}
