package io.banditflow.core.event;

/** Why a valid event went to the late output instead of into a round. */
public enum LateReason {
    /** A conversion that happened more than the attribution window after its click. */
    OUTSIDE_ATTRIBUTION_WINDOW,
    /** An event whose round was already final (its window had closed) when it arrived. */
    AFTER_ROUND_FINAL
}
