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
    private final Map<String, DelayEvidence> periods = new TreeMap<>();
    private final Map<String, double[]> pendingPeriods = new TreeMap<>();
    private final int periodsPerDay;

    /** Pools without sums per period of the day. */
    public ValuePooling() {
        this(0);
    }

    /** Pools with clicks and conversions per period of {@code periodsPerDay} (0: none). */
    public ValuePooling(int periodsPerDay) {
        this.periodsPerDay = periodsPerDay;
    }

    /**
     * The same round's clicks and conversions in its period of the day ({@link PeriodFactors}); a
     * pooling without periods ignores them.
     */
    public void addPeriod(
            String category, String productId, int period, double clicks, double conversions) {
        if (periodsPerDay == 0) {
            return;
        }
        pendingPeriods.compute(
                ValueEvidence.poolKey(category, productId),
                (key, sums) ->
                        PeriodFactors.addRound(sums, periodsPerDay, period, clicks, conversions));
    }

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
        SortedMap<String, double[]> byProduct = pending.computeIfAbsent(key, k -> new TreeMap<>());
        byProduct.put(
                productId,
                ValueEvidence.addRound(byProduct.get(productId), clicks, conversions, value));
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
                            (id, sums) -> keyed.put(id, evidence.add(keyed.get(id), batch, sums)));
                    DelayEvidence keyDelays =
                            evidence.addDelays(delays.get(key), batch, pendingDelays.get(key));
                    delays.put(key, keyDelays);
                    ValuePool part =
                            evidence.pool(keyed.entrySet(), batch).addDelays(keyDelays.bins);
                    if (periodsPerDay > 0) {
                        DelayEvidence keyPeriods =
                                evidence.addPeriods(
                                        periods.get(key),
                                        batch,
                                        pendingPeriods.get(key),
                                        periodsPerDay);
                        periods.put(key, keyPeriods);
                        part.addPeriods(keyPeriods.bins);
                    }
                    parts.put(key, part);
                    evidence.faded(keyed.entrySet(), batch).forEach(keyed::remove);
                });
        pending.clear();
        pendingDelays.clear();
        pendingPeriods.clear();
    }

    /** The pools as of the last batch closed. */
    public ValuePools pools() {
        return ValuePools.of(parts);
    }
}
