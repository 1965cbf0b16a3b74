package io.banditflow.core.event;

/** Why a valid event went to the late output instead of into a round or an answered request. */
public enum LateReason {
    /** A conversion that happened more than the attribution window after its click. */
    OUTSIDE_ATTRIBUTION_WINDOW,
    /** An event whose round was already final (its window had closed) when it arrived. */
    AFTER_ROUND_FINAL,
    /**
     * Requests mode: feedback for an answered request that happened after the request's round was
     * final (its attribution window had passed).
     */
    AFTER_REQUEST_FINAL,
    /**
     * Requests mode: feedback whose decision id matched no request answered by the job and still
     * open when the feedback's own round was final.
     */
    NO_OPEN_REQUEST
}
