package io.banditflow.core.policy;

/** How a decision was made. Stable names: part of the decision schema. */
public enum DecisionMode {
    /** Sampled from the learned policy. */
    LEARNED,
    /** The product's baseline bid, by configuration. */
    BASELINE,
    /** The baseline bid because drift was detected. */
    FALLBACK,
    /** The baseline bid forced by the kill switch. */
    KILLED,
    /** No bid (0), by the kill switch. */
    STOPPED,
    /** The floor bid: a daily spend cap was reached. */
    CAPPED,
    /** No bid (0): the catalog has the product paused (out of stock, delisted). */
    PAUSED,
    /** The learner's current best bid, without exploring: the exploration cap was reached. */
    EXPLOITING,
    /**
     * The baseline bid as a product's last decision before its decisions stop: it had no events for
     * the inactivity timeout and is not listed ACTIVE in the catalog. It stands on the compacted
     * decision topic until the product is active again.
     */
    INACTIVE
}
