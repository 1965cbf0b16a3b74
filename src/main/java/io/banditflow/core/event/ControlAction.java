package io.banditflow.core.event;

/** What a kill-switch command does to its scope. Stable names: part of the control schema. */
public enum ControlAction {
    /** Bid the baseline until released (decisions in mode KILLED). */
    FORCE_BASELINE,
    /** Do not bid until released (decisions in mode STOPPED, bid 0). */
    STOP_BIDDING,
    /** Lift the scope's previous command: the policy decides again. */
    RELEASE;

    /** Stopping outranks forcing the baseline, which outranks nothing. */
    public int severity() {
        return switch (this) {
            case STOP_BIDDING -> 2;
            case FORCE_BASELINE -> 1;
            case RELEASE -> 0;
        };
    }
}
