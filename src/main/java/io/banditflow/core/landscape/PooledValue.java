package io.banditflow.core.landscape;

import io.banditflow.core.util.Timelines;

/**
 * One part of the population's value evidence as sent to every policy instance: the {@link
 * ValuePool} sums of the products of one pool key (a category and a shard of its products, {@link
 * ValueEvidence#poolKey}) as of the end of a batch.
 *
 * @param poolKey category and shard
 * @param asOf event time of the batch's final time: the part is in force from then on
 * @param delays the key's conversion delays per bin of the attribution window, discounted as the
 *     sums are, or null for none (a part pooled before delays were)
 * @param periods the key's clicks and conversions per period of the day, of the batches of even
 *     number, then of the odd ones ({@link PeriodFactors#of}'s layout), discounted as the sums are,
 *     or null for none (a part pooled before them)
 * @param spread the key's sums of the spread of values per conversion ({@link ValueSpread#sums}),
 *     discounted as the sums are, or null for none (a part pooled before them)
 */
public record PooledValue(
        String poolKey,
        long asOf,
        long products,
        double clicks,
        double conversions,
        double value,
        double weightedRateSquares,
        double clickSquares,
        double[] delays,
        double[] periods,
        double[] spread) {

    /** The newest part in a timeline ordered by time that is in force at {@code time}, or null. */
    public static PooledValue at(PooledValue[] timeline, long time) {
        return Timelines.at(timeline, PooledValue::asOf, time);
    }

    /**
     * The timeline with {@code part} added in time order, less the parts superseded by {@code
     * time}: those no lookup at or after it can return.
     */
    public static PooledValue[] with(PooledValue[] timeline, PooledValue part, long time) {
        return Timelines.with(timeline, part, PooledValue::asOf, time, PooledValue[]::new);
    }
}
