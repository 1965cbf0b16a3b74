package io.banditflow.job.operator.policy;

import io.banditflow.core.landscape.PooledValue;
import io.banditflow.core.landscape.Population;
import io.banditflow.core.landscape.ValuePool;
import io.banditflow.core.landscape.ValuePools;
import io.banditflow.core.reward.DelayModel;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;

/**
 * The second phase of value pooling, in every policy instance: the parts in force at a time (one
 * per category shard, {@link PolicyStateLayout#VALUE_POOLS}) merged into {@link ValuePools}. All
 * products of an instance update at the same batch final time, so the merge is kept for that time
 * until a new part arrives.
 */
final class ValuePopulation {
    private long mergedAt = Long.MIN_VALUE;
    private ValuePools merged;

    /** A part arrived: a merge may no longer hold. */
    void partArrived() {
        merged = null;
    }

    /**
     * What the population of a product of {@code category} (null: none) tells of its value per
     * click at {@code time} ({@link ValuePools#populationOf}).
     */
    Population populationAt(
            ReadOnlyBroadcastState<String, PooledValue[]> parts, long time, String category)
            throws Exception {
        return mergedAt(parts, time).populationOf(category);
    }

    /** The conversion delays of a product of {@code category} at {@code time}, or null. */
    DelayModel delaysAt(
            ReadOnlyBroadcastState<String, PooledValue[]> parts,
            long time,
            String category,
            long attributionMillis)
            throws Exception {
        return mergedAt(parts, time).delaysOf(category, attributionMillis);
    }

    private ValuePools mergedAt(ReadOnlyBroadcastState<String, PooledValue[]> parts, long time)
            throws Exception {
        if (merged == null || mergedAt != time) {
            SortedMap<String, ValuePool> inForce = new TreeMap<>();
            for (Map.Entry<String, PooledValue[]> key : parts.immutableEntries()) {
                PooledValue part = PooledValue.at(key.getValue(), time);
                if (part != null) {
                    inForce.put(key.getKey(), ValuePool.of(part));
                }
            }
            merged = ValuePools.of(inForce);
            mergedAt = time;
        }
        return merged;
    }
}
