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
    private final Map<String, SortedMap<String, double[]>> pendingMature = new TreeMap<>();

    /** Each product's sums of a batch folded in when mature, by "batch/product", until final. */
    private final Map<String, double[]> matured = new TreeMap<>();

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

    /**
     * One round of a product of {@code category} (null: none) in the batch to close as mature: its
     * clicks, and the conversions and value that had come by the batch's mature time.
     */
    public void addMature(
            String category, String productId, double clicks, double conversions, double value) {
        pendingMature
                .computeIfAbsent(ValueEvidence.poolKey(category, productId), k -> new TreeMap<>())
                .compute(
                        productId,
                        (id, sums) -> ValueEvidence.addRound(sums, clicks, conversions, value));
    }

    /** Folds the rounds added since the last close in as batch {@code batch}'s, final. */
    public void close(long batch) {
        close(batch, -1, batch);
    }

    /**
     * Folds what was added since the last close in, as the job's pool parts do at one time: the
     * final rounds as batch {@code finalBatch}'s (less what that batch showed when mature), then
     * the mature rounds as batch {@code matureBatch}'s, and each key's part as of {@code asOf}.
     *
     * @param finalBatch the batch final then, or -1 for none
     * @param matureBatch the batch mature then, or -1 for none
     */
    public void close(long finalBatch, long matureBatch, long asOf) {
        java.util.SortedSet<String> keys = new java.util.TreeSet<>(pending.keySet());
        keys.addAll(pendingMature.keySet());
        for (String key : keys) {
            SortedMap<String, ProductValue> keyed =
                    products.computeIfAbsent(key, k -> new TreeMap<>());
            pending.getOrDefault(key, new TreeMap<>())
                    .forEach(
                            (id, sums) ->
                                    keyed.put(
                                            id,
                                            evidence.addRest(
                                                    keyed.get(id),
                                                    finalBatch,
                                                    ValueEvidence.lessMature(
                                                            sums,
                                                            matured.remove(
                                                                    finalBatch + "/" + id)))));
            pendingMature
                    .getOrDefault(key, new TreeMap<>())
                    .forEach(
                            (id, sums) -> {
                                keyed.put(id, evidence.add(keyed.get(id), matureBatch, sums));
                                matured.put(matureBatch + "/" + id, sums);
                            });
            if (finalBatch >= 0) {
                delays.put(
                        key,
                        evidence.addDelays(delays.get(key), finalBatch, pendingDelays.get(key)));
                if (periodsPerDay > 0) {
                    periods.put(
                            key,
                            evidence.addPeriods(
                                    periods.get(key),
                                    finalBatch,
                                    pendingPeriods.get(key),
                                    periodsPerDay));
                }
            }
            ValuePool part = evidence.pool(keyed.entrySet(), asOf);
            part.addDelays(delays.containsKey(key) ? delays.get(key).bins : null);
            if (periodsPerDay > 0) {
                part.addPeriods(periods.containsKey(key) ? periods.get(key).bins : null);
            }
            parts.put(key, part);
            evidence.faded(keyed.entrySet(), asOf).forEach(keyed::remove);
        }
        pending.clear();
        pendingMature.clear();
        pendingDelays.clear();
        pendingPeriods.clear();
    }

    /** The pools as of the last batch closed. */
    public ValuePools pools() {
        return ValuePools.of(parts);
    }
}
