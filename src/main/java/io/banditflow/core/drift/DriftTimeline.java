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

    private static final String SEPARATOR = "; ";

    private DriftTimeline() {}

    /** The value an entry takes for a signal. */
    public static String entryOf(DriftSignal signal) {
        return signal.action() == DriftAction.FALLBACK ? signal.summary() : RECOVERED;
    }

    /**
     * The entry for a signal effective at the same time as {@code existing} (null if none): two
     * metrics breached in one evaluation are both kept ("; "-joined), a signal replayed after a
     * restore is not repeated.
     */
    public static String merged(String existing, DriftSignal signal) {
        String entry = entryOf(signal);
        if (existing == null || existing.equals(RECOVERED) || entry.equals(RECOVERED)) {
            return entry;
        }
        if (existing.contains(entry)) {
            return existing;
        }
        return existing + SEPARATOR + entry;
    }

    /**
     * The metrics a fallback entry names (bits by {@link DriftMetric#ordinal()}): each breach's
     * summary starts with its metric ({@link DriftSignal#summary()}).
     */
    public static int metricsOf(String entry) {
        int metrics = 0;
        if (entry == null || entry.equals(RECOVERED)) {
            return metrics;
        }
        for (String part : entry.split(SEPARATOR)) {
            int space = part.indexOf(' ');
            String name = space < 0 ? part : part.substring(0, space);
            for (DriftMetric metric : DriftMetric.values()) {
                if (metric.name().equals(name)) {
                    metrics |= MarketEvidence.bitOf(metric);
                }
            }
        }
        return metrics;
    }

    /** The fallback reason in force at {@code time}, or null when the scope is learning. */
    public static String fallbackAt(Iterable<Map.Entry<Long, String>> timeline, long time) {
        String value = Timelines.at(timeline, time);
        return value == null || value.equals(RECOVERED) ? null : value;
    }
}
