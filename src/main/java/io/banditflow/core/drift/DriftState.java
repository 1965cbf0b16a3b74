package io.banditflow.core.drift;

/** A scope's drift status, kept between windows. A POJO, for Flink's POJO serializer. */
public class DriftState {
    public boolean inFallback;

    /** Consecutive clean windows since the last breach, while in fallback. */
    public int cleanWindows;
}
