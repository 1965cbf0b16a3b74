package io.banditflow.core.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether a market-wide drift alarm sends one product to its baseline (docs/drift.md, "Market-wide
 * alarms, confirmed per product"). The market-wide monitor pools every product's residuals, so it
 * sees a shift too spread out for any one product's monitor — and, on its thousands of values,
 * small distortions no product shows (four demo runs of five raised a false alarm before the market
 * moved, and sent all 120 products to the baseline; after a shift of two categories of four, the
 * other two went too). So the alarm is a screen, not a verdict: a product follows it only when its
 * own residuals of a metric the alarm names had a KS p-value below {@code drift.marketAlarmAlpha}
 * at some evaluation since the alarm began ({@link MarketEvidence}); the alarm having already
 * established that the market moved, a looser level than the product monitor's own {@code ksAlpha}
 * is enough. Once it follows, it follows until the market-wide scope recovers: no flapping with its
 * evidence.
 */
public final class MarketAlarm {
    private MarketAlarm() {}

    /**
     * The market-wide fallback's reason for this product at {@code time}, or null when it decides.
     *
     * @param global the market-wide timeline (effective time → {@link DriftTimeline} entry), with
     *     the entries of its latest alarm since it began ({@link #prunable})
     * @param evidence the product's {@link MarketEvidence} timeline (effective time → metrics)
     * @param confirming false: every product follows the alarm (alpha 1)
     */
    public static String fallbackAt(
            Iterable<Map.Entry<Long, String>> global,
            Iterable<Map.Entry<Long, Integer>> evidence,
            long time,
            boolean confirming) {
        Alarm alarm = inForce(global, time);
        if (alarm == null) {
            return null;
        }
        return confirming ? alarm.confirmedBy(evidence, time) : alarm.reason();
    }

    /**
     * A market-wide alarm in force: when it began, its latest reason, and every metric it named
     * since it began.
     */
    public record Alarm(long start, String reason, int metrics) {
        /**
         * The alarm's reason when the product's evidence since it began names one of its metrics.
         */
        public String confirmedBy(Iterable<Map.Entry<Long, Integer>> evidence, long time) {
            return (evidenceSince(evidence, start, time) & metrics) == 0
                    ? null
                    : reason
                            + "; this product's own residuals agree (KS p <"
                            + " drift.marketAlarmAlpha)";
        }
    }

    /** The market-wide alarm in force at {@code time}, or null when the scope is learning. */
    public static Alarm inForce(Iterable<Map.Entry<Long, String>> global, long time) {
        List<Map.Entry<Long, String>> alarm = alarmAt(global, time);
        if (alarm.isEmpty()) {
            return null;
        }
        int named = 0;
        for (Map.Entry<Long, String> entry : alarm) {
            named |= DriftTimeline.metricsOf(entry.getValue());
        }
        return new Alarm(alarm.get(0).getKey(), alarm.get(alarm.size() - 1).getValue(), named);
    }

    /**
     * The alarm in force at {@code time}: its FALLBACK entries from the first after the latest
     * recovery on, in time order; empty when the market-wide scope is learning.
     */
    static List<Map.Entry<Long, String>> alarmAt(
            Iterable<Map.Entry<Long, String>> global, long time) {
        List<Map.Entry<Long, String>> sorted = new ArrayList<>();
        for (Map.Entry<Long, String> entry : global) {
            if (entry.getKey() <= time) {
                sorted.add(entry);
            }
        }
        sorted.sort(Map.Entry.comparingByKey());
        List<Map.Entry<Long, String>> alarm = new ArrayList<>();
        for (Map.Entry<Long, String> entry : sorted) {
            if (DriftTimeline.RECOVERED.equals(entry.getValue())) {
                alarm.clear();
            } else {
                alarm.add(entry);
            }
        }
        return alarm;
    }

    /** The metrics of the product's evidence in force at any time in [from, to]. */
    static int evidenceSince(Iterable<Map.Entry<Long, Integer>> evidence, long from, long to) {
        long inForceAtFrom = Long.MIN_VALUE;
        int atFrom = 0;
        int since = 0;
        for (Map.Entry<Long, Integer> entry : evidence) {
            long at = entry.getKey();
            if (at <= from && at >= inForceAtFrom) {
                inForceAtFrom = at;
                atFrom = entry.getValue();
            } else if (at > from && at <= to) {
                since |= entry.getValue();
            }
        }
        return atFrom | since;
    }

    /**
     * The market-wide entries no read at or after {@code time} needs: those before the latest
     * recovery in force at it (an alarm's entries stay until it ends).
     */
    public static List<Long> prunable(Iterable<Map.Entry<Long, String>> global, long time) {
        long recovered = Long.MIN_VALUE;
        List<Long> keys = new ArrayList<>();
        for (Map.Entry<Long, String> entry : global) {
            keys.add(entry.getKey());
            if (entry.getKey() <= time && DriftTimeline.RECOVERED.equals(entry.getValue())) {
                recovered = Math.max(recovered, entry.getKey());
            }
        }
        long from = recovered;
        return keys.stream().filter(k -> k < from).toList();
    }

    /**
     * The product's evidence entries no read at or after {@code time} needs: those superseded at
     * the start of the alarm in force, or at {@code time} when there is none. Called with the
     * operator's clock when evidence arrives: an alarm not yet arrived begins after it.
     */
    public static List<Long> prunableEvidence(
            Iterable<Map.Entry<Long, String>> global,
            Iterable<Map.Entry<Long, Integer>> evidence,
            long time) {
        Alarm alarm = inForce(global, time);
        long keepFrom = alarm == null ? time : alarm.start();
        return io.banditflow.core.util.Timelines.superseded(evidence, keepFrom);
    }
}
