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
}
