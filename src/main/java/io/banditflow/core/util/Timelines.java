package io.banditflow.core.util;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.ToLongFunction;

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
     * The latest entry of a timeline ordered by {@code effective} time that is in force at {@code
     * time}, or null.
     */
    public static <T> T at(T[] timeline, ToLongFunction<T> effective, long time) {
        T inForce = null;
        if (timeline != null) {
            for (T entry : timeline) {
                if (effective.applyAsLong(entry) <= time) {
                    inForce = entry;
                }
            }
        }
        return inForce;
    }

    /**
     * The timeline with {@code entry} added in time order (replacing one effective at the same
     * time: a replay), less the entries superseded at {@code time}: those no read at or after it
     * can return.
     */
    public static <T> T[] with(
            T[] timeline, T entry, ToLongFunction<T> effective, long time, IntFunction<T[]> array) {
        List<T> kept = new ArrayList<>();
        if (timeline != null) {
            kept.addAll(List.of(timeline));
        }
        long at = effective.applyAsLong(entry);
        kept.removeIf(e -> effective.applyAsLong(e) == at);
        kept.add(entry);
        kept.sort(Comparator.comparingLong(effective));
        T inForce = at(kept.toArray(array), effective, time);
        if (inForce != null) {
            long from = effective.applyAsLong(inForce);
            kept.removeIf(e -> effective.applyAsLong(e) < from);
        }
        return kept.toArray(array);
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
