package io.banditflow.core.drift;

/** A scope's drift status, kept between windows. A POJO, for Flink's POJO serializer. */
public class DriftState {
    public boolean inFallback;

    /** Consecutive clean windows since the last breach, while in fallback. */
    public int cleanWindows;

    /**
     * While in fallback, the first round after the breach: recovery is judged against a reference
     * that starts here, so it means "the market has settled at its new level" rather than "the
     * market went back to where it was".
     */
    public long fallbackFromRound;
}
