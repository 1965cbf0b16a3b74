package io.banditflow.core.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A scope's drift state over event time, as kept by the policy: effective time → the fallback's
 * reason, or "" from a recovery on. Read "as of" a decision time, so signals that arrive early wait
 * for their time and the answer does not depend on arrival order.
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
        long latest = Long.MIN_VALUE;
        String value = null;
        for (Map.Entry<Long, String> entry : timeline) {
            if (entry.getKey() <= time && entry.getKey() >= latest) {
                latest = entry.getKey();
                value = entry.getValue();
            }
        }
        return value == null || value.equals(RECOVERED) ? null : value;
    }

    /**
     * The entries superseded by a later one already in force at {@code time}: no decision from
     * {@code time} on reads them.
     */
    public static List<Long> superseded(Iterable<Map.Entry<Long, String>> timeline, long time) {
        long inForce = Long.MIN_VALUE;
        for (Map.Entry<Long, String> entry : timeline) {
            if (entry.getKey() <= time) {
                inForce = Math.max(inForce, entry.getKey());
            }
        }
        List<Long> superseded = new ArrayList<>();
        for (Map.Entry<Long, String> entry : timeline) {
            if (entry.getKey() < inForce) {
                superseded.add(entry.getKey());
            }
        }
        return superseded;
    }
}
