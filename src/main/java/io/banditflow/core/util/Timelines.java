package io.banditflow.core.util;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Values over event time, kept as entries effective time → value and read "as of" a time: what a
 * decision at that time must see, whichever order the entries arrived in.
 */
public final class Timelines {
    private Timelines() {}

    /** The value of the latest entry effective at or before {@code time}, or null. */
    public static <V> V at(Iterable<Map.Entry<Long, V>> timeline, long time) {
        long latest = Long.MIN_VALUE;
        V value = null;
        for (Map.Entry<Long, V> entry : timeline) {
            if (entry.getKey() <= time && entry.getKey() >= latest) {
                latest = entry.getKey();
                value = entry.getValue();
            }
        }
        return value;
    }

    /**
     * The entries superseded by a later one already in force at {@code time}: no read from {@code
     * time} on sees them, so they can go.
     */
    public static <V> List<Long> superseded(Iterable<Map.Entry<Long, V>> timeline, long time) {
        long inForce = Long.MIN_VALUE;
        for (Map.Entry<Long, V> entry : timeline) {
            if (entry.getKey() <= time) {
                inForce = Math.max(inForce, entry.getKey());
            }
        }
        List<Long> superseded = new ArrayList<>();
        for (Map.Entry<Long, V> entry : timeline) {
            if (entry.getKey() < inForce) {
                superseded.add(entry.getKey());
            }
        }
        return superseded;
    }
}
