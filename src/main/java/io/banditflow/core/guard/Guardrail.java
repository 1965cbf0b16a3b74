package io.banditflow.core.guard;

/** What can bind a decision besides the learner. Stable names: part of the decision schema. */
public enum Guardrail {
    /** The product's bids are limited to a range of the grid. */
    BID_BOUNDS,
    /** The last round's cost per click spiked: bids above the baseline are left out. */
    CPC_ANOMALY,
    /** The product's spend today reached its daily cap: it bids the floor until the day ends. */
    PRODUCT_SPEND_CAP,
    /** Spend over all products today reached the daily cap: every product bids the floor. */
    GLOBAL_SPEND_CAP,
    /** Drift was detected in the product's scope: it bids the baseline. */
    DRIFT_FALLBACK,
    /** A kill-switch command is in force. */
    KILL_SWITCH,
    /**
     * Bids other than the learner's current best took their share of the product's spend today: it
     * bids its best until the day ends.
     */
    EXPLORATION_CAP
}
