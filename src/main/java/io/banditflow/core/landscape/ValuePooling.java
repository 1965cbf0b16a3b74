package io.banditflow.core.landscape;

import io.banditflow.core.reward.DelayModel;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The population's value evidence in one place, for the simulation: what the job's two phases
 * compute over many subtasks ({@link ValueEvidence} per pool key, then {@link ValuePools#of}), the
 * same sums in the same order. A batch's final rounds are {@link #add}ed, then {@link #close}d, and
 * the pools in force are {@link #pools}.
 */
public final class ValuePooling {
    private final ValueEvidence evidence = new ValueEvidence();
    private final Map<String, SortedMap<String, ProductValue>> products = new TreeMap<>();
    private final Map<String, SortedMap<String, double[]>> pending = new TreeMap<>();
    private final SortedMap<String, ValuePool> parts = new TreeMap<>();
    private final Map<String, DelayEvidence> delays = new TreeMap<>();
    private final Map<String, double[]> pendingDelays = new TreeMap<>();

    /**
     * One final round of a product of {@code category} (null: none) in the batch to close.
     *
     * @param delayBins its conversions' delays per bin of the attribution window ({@link
     *     DelayModel#add}), or null for none
     */
    public void add(
            String category,
            String productId,
            double clicks,
            double conversions,
            double value,
            double[] delayBins) {
        String key = ValueEvidence.poolKey(category, productId);
        double[] sums =
                pending.computeIfAbsent(key, k -> new TreeMap<>())
                        .computeIfAbsent(productId, id -> new double[3]);
        sums[0] += clicks;
        sums[1] += conversions;
        sums[2] += value;
        if (delayBins != null) {
            double[] bins = pendingDelays.computeIfAbsent(key, k -> new double[DelayModel.BINS]);
            for (int i = 0; i < bins.length; i++) {
                bins[i] += delayBins[i];
            }
        }
    }

    /** Folds the rounds added since the last close in as batch {@code batch}'s. */
    public void close(long batch) {
        pending.forEach(
                (key, byProduct) -> {
                    SortedMap<String, ProductValue> keyed =
                            products.computeIfAbsent(key, k -> new TreeMap<>());
                    byProduct.forEach(
                            (id, sums) ->
                                    keyed.put(
                                            id,
                                            evidence.add(
                                                    keyed.get(id),
                                                    batch,
                                                    sums[0],
                                                    sums[1],
                                                    sums[2])));
                    DelayEvidence keyDelays =
                            evidence.addDelays(delays.get(key), batch, pendingDelays.get(key));
                    delays.put(key, keyDelays);
                    parts.put(
                            key, evidence.pool(keyed.entrySet(), batch).addDelays(keyDelays.bins));
                    evidence.faded(keyed.entrySet(), batch).forEach(keyed::remove);
                });
        pending.clear();
        pendingDelays.clear();
    }

    /** The pools as of the last batch closed. */
    public ValuePools pools() {
        return ValuePools.of(parts);
    }
}
