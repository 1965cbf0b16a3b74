package io.banditflow.core.drift;

import io.banditflow.core.util.Timelines;
import java.util.Map;

/**
 * A scope's drift state over event time, as kept by the policy: effective time → the fallback's
 * reason, or "" from a recovery on (a {@link Timelines timeline}).
 */
public final class DriftTimeline {
    /** The entry value of a recovery. */
    public static final String RECOVERED = "";

    private DriftTimeline() {}

    /** The value an entry takes for a signal. */
    public static String entryOf(DriftSignal signal) {
        return signal.action() == DriftAction.FALLBACK ? signal.summary() : RECOVERED;
    }

    /** The fallback reason in force at {@code time}, or null when the scope is learning. */
    public static String fallbackAt(Iterable<Map.Entry<Long, String>> timeline, long time) {
        String value = Timelines.at(timeline, time);
        return value == null || value.equals(RECOVERED) ? null : value;
    }
}
