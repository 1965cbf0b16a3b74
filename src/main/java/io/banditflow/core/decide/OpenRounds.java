package io.banditflow.core.decide;

import io.banditflow.core.landscape.OpenValue;
import io.banditflow.core.reward.DelayModel;
import io.banditflow.core.round.RoundClock;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.LongPredicate;

/**
 * A product's rounds inside the attribution window as they stand, for a learner that learns value
 * per click from them ({@link io.banditflow.core.policy.Learner#learnsOpenValue}): per round, its
 * clicks at its end and each conversion that has arrived with its event time and value, kept as one
 * flat array ({@code [clicks, time₁, value₁, time₂, value₂, …]}: one state entry per round). The
 * job's policy operator and the closed-loop simulation keep them and sum them with this class.
 *
 * <p>A conversion counts at time t only if it happened by t, whatever order it arrived in: the same
 * input gives the same sums at any parallelism and after a restore.
 */
public final class OpenRounds {
    private OpenRounds() {}

    /** A round's entry with its clicks at its end. */
    public static double[] withClicks(double[] round, long clicks) {
        double[] entry = round == null ? new double[1] : round.clone();
        entry[0] = clicks;
        return entry;
    }

    /** A round's entry with one more conversion, at {@code eventTime} and worth {@code value}. */
    public static double[] withConversion(double[] round, long eventTime, double value) {
        double[] had = round == null ? new double[1] : round;
        double[] entry = new double[had.length + 2];
        System.arraycopy(had, 0, entry, 0, had.length);
        entry[had.length] = eventTime;
        entry[had.length + 1] = value;
        return entry;
    }

    /**
     * A round entry's conversions that happened by {@code time}, whatever order they arrived in:
     * {@code {count, value}}; none for a null entry.
     */
    public static double[] arrivedBy(double[] entry, long time) {
        double[] arrived = new double[2];
        for (int i = 1; entry != null && i + 1 < entry.length; i += 2) {
            if (entry[i] <= time) {
                arrived[0]++;
                arrived[1] += entry[i + 1];
            }
        }
        return arrived;
    }

    /**
     * What the rounds that have ended by {@code now} and whose batch is not final (not yet learned
     * from in full) show of value per click, each weighted by the share of its conversions arrived
     * ({@link OpenValue}), or, while no delay model is known, each round of a batch matured by then
     * whole.
     *
     * @param rounds the product's entries by round, in round order
     * @param learned whether the learner decided a round (only those are learned from)
     * @param delays its category's delay model, or null (then the rounds of a mature batch count
     *     whole, the others wait: {@link OpenValue.Sum#addMature})
     */
    public static OpenValue at(
            RoundClock clock,
            SortedMap<Long, double[]> rounds,
            LongPredicate learned,
            DelayModel delays,
            long now) {
        OpenValue.Sum sum = new OpenValue.Sum(delays, now);
        for (Map.Entry<Long, double[]> e : rounds.entrySet()) {
            long round = e.getKey();
            if (clock.roundEnd(round) - 1 > now
                    || clock.batchFinalTime(clock.batchOf(round)) <= now
                    || !learned.test(round)) {
                continue;
            }
            double[] entry = e.getValue();
            double[] arrived = arrivedBy(entry, now);
            if (delays == null && clock.batchMatureTime(clock.batchOf(round)) <= now) {
                sum.addMature((long) entry[0], (long) arrived[0], arrived[1]);
            } else {
                sum.add(
                        clock.roundStart(round),
                        clock.roundEnd(round),
                        (long) entry[0],
                        (long) arrived[0],
                        arrived[1]);
            }
        }
        return sum.sum();
    }
}
