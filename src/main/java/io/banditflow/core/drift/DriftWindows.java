package io.banditflow.core.drift;

/**
 * The two windows of a drift evaluation, in rounds, ending at the round just closed: the current
 * window is the last {@code currentRounds} rounds, the reference the {@code referenceRounds} before
 * it. With 3-hour rounds, 8 and 112 rounds are "the last day against the 14 days before".
 */
public record DriftWindows(int referenceRounds, int currentRounds) {
    public DriftWindows {
        if (referenceRounds < 1 || currentRounds < 1) {
            throw new IllegalArgumentException("both windows need at least one round");
        }
    }

    /** First round of the current window ending with {@code round} (inclusive). */
    public long currentFrom(long round) {
        return round - currentRounds + 1;
    }

    /** First round of the reference window (inclusive); it ends where the current one begins. */
    public long referenceFrom(long round) {
        return currentFrom(round) - referenceRounds;
    }

    /** The oldest round any evaluation at or after {@code round} still reads. */
    public long oldestNeeded(long round) {
        return referenceFrom(round);
    }
}
