package io.banditflow.core.drift;

/** A scope's drift status, kept between windows. A POJO, for Flink's POJO serializer. */
public class DriftState {
    public boolean inFallback;

    /** Consecutive clean windows since the last breach, while in fallback. */
    public int cleanWindows;

    /**
     * The first round after the latest breach: no reference window reaches back past it. Recovery
     * then means "the market has settled at its new level" rather than "went back to where it was",
     * and a recovered scope is not judged against the world before the shift.
     */
    public long referenceFromRound = Long.MIN_VALUE;

    /**
     * The state of a scope first judged at {@code round}: it has no history before it, so, as after
     * a breach, its reference counts as thin until it spans a whole current window — a market-wide
     * monitor started on a few rounds would compare one round's time of day with a whole day's.
     */
    public static DriftState startingAt(long round) {
        DriftState state = new DriftState();
        state.referenceFromRound = round;
        return state;
    }
}
