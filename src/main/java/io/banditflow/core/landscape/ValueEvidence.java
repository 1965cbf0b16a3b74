package io.banditflow.core.landscape;

import io.banditflow.core.reward.DelayModel;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The population's value evidence, one pool key at a time: what the products of a category (or of
 * all products, for those without one) have shown about value per click, kept as each product's
 * discounted sums and pooled into a {@link ValuePool} at the end of every batch.
 *
 * <p>It is the first of two phases: the products of a category are split over {@link #SHARDS}
 * shards by a hash of their id, each shard's pool is built where that shard's key lives, and every
 * policy instance merges the shards' pools ({@link ValuePools#of}) — no subtask sees every
 * product's evidence, and a large category is not one hot key. The shard is a function of the
 * product id alone, and every sum runs in product-id order, so the pools are the same at any
 * parallelism and in the simulation.
 *
 * <p>The evidence is the market's, from final rounds — not the learners' beliefs — so a product
 * contributes whatever its learner, and the job and the simulation pool alike. It is discounted by
 * {@link #DISCOUNT_PER_BATCH} per batch, as the value-landscape learner discounts its own by
 * default, so a population whose value moves pools its recent value.
 */
public final class ValueEvidence implements Serializable {
    /** Shards per category: enough that no single key holds a large category's products. */
    public static final int SHARDS = 4;

    /** What a batch's evidence weighs a batch later: a half-life of 69 batches. */
    public static final double DISCOUNT_PER_BATCH = 0.99;

    /** Sums below which a product's discounted clicks no longer count and are dropped. */
    static final double FADED_CLICKS = 1e-3;

    /** The pool key of a product of {@code category} (null: none). */
    public static String poolKey(String category, String productId) {
        return (category == null ? "" : category)
                + "/"
                + Math.floorMod(productId.hashCode(), SHARDS);
    }

    /** The category of a pool key, or null for the products without one. */
    public static String categoryOf(String poolKey) {
        String category = poolKey.substring(0, poolKey.lastIndexOf('/'));
        return category.isEmpty() ? null : category;
    }

    /** Length of a product's pending sums of a batch ({@link #addRound}). */
    public static final int ROUND_SUMS = 5;

    /**
     * A product's pending sums of a batch with one more final round added: clicks, conversions,
     * value, and for a round with a sale its value² / conversions and a count of one ({@link
     * ValueSpread}). {@code sums} is updated in place unless null or shorter (a batch pending since
     * before the last two sums), when a new array holds them.
     */
    public static double[] addRound(
            double[] sums, double clicks, double conversions, double value) {
        double[] now = sums;
        if (now == null || now.length < ROUND_SUMS) {
            now = new double[ROUND_SUMS];
            if (sums != null) {
                System.arraycopy(sums, 0, now, 0, sums.length);
            }
        }
        now[0] += clicks;
        now[1] += conversions;
        now[2] += value;
        if (conversions > 0) {
            now[3] += value * value / conversions;
            now[4] += 1;
        }
        return now;
    }

    /**
     * A product's sums with one batch's final rounds added ({@link #addRound}'s sums), the older
     * sums discounted to it.
     *
     * @param totals the product's sums so far, or null for none
     */
    public ProductValue add(ProductValue totals, long batch, double[] rounds) {
        ProductValue now = discountedTo(totals, batch);
        now.clicks += rounds[0];
        now.conversions += rounds[1];
        now.value += rounds[2];
        if (rounds.length >= ROUND_SUMS) {
            now.roundSquares += rounds[3];
            now.salesRounds += rounds[4];
        }
        return now;
    }

    /**
     * A product's sums with the rest of an older batch added: what its rounds showed when final
     * less what they showed when mature ({@link #lessMature}), already folded in as {@code
     * batch}'s. The rest is discounted as the batch's mature sums have been since, so that the
     * product's sums end as they would have with the whole batch folded in at once; a product whose
     * sums are older than {@code batch} is discounted to it first.
     *
     * @param totals the product's sums so far, or null for none
     */
    public ProductValue addRest(ProductValue totals, long batch, double[] rest) {
        if (totals == null || totals.batch <= batch) {
            return add(totals, batch, rest);
        }
        double factor = Math.pow(DISCOUNT_PER_BATCH, totals.batch - batch);
        ProductValue now =
                new ProductValue(
                        totals.clicks,
                        totals.conversions,
                        totals.value,
                        totals.roundSquares,
                        totals.salesRounds,
                        totals.batch);
        now.clicks += rest[0] * factor;
        now.conversions += rest[1] * factor;
        now.value += rest[2] * factor;
        if (rest.length >= ROUND_SUMS) {
            now.roundSquares += rest[3] * factor;
            now.salesRounds += rest[4] * factor;
        }
        return now;
    }

    /**
     * A product's pending sums of a batch when final ({@link #addRound}'s) less its sums of the
     * same batch when mature: what came after the maturity.
     *
     * @param mature the batch's sums folded in when mature, or null for none
     */
    public static double[] lessMature(double[] whole, double[] mature) {
        double[] rest = new double[ROUND_SUMS];
        for (int i = 0; i < rest.length; i++) {
            rest[i] =
                    (i < whole.length ? whole[i] : 0)
                            - (mature != null && i < mature.length ? mature[i] : 0);
        }
        return rest;
    }

    /**
     * A key's delay counts with one batch's final rounds' delays added, the older counts discounted
     * to it.
     *
     * @param totals the key's counts so far, or null for none
     * @param batchDelays the batch's delays counted per bin, or null for none
     */
    public DelayEvidence addDelays(DelayEvidence totals, long batch, double[] batchDelays) {
        return addBins(totals, batch, batchDelays, DelayModel.BINS);
    }

    /**
     * A key's clicks and conversions per period of the day ({@link ValuePool#addPeriods}) with one
     * batch's final rounds added to the half of its batch number's parity ({@link
     * PeriodFactors#of}), the older sums discounted to it.
     *
     * @param batchSums the batch's P clicks, then P conversions, or null for none
     * @param periodsPerDay P
     */
    public DelayEvidence addPeriods(
            DelayEvidence totals, long batch, double[] batchSums, int periodsPerDay) {
        double[] halves = new double[PeriodFactors.sums(periodsPerDay)];
        if (batchSums != null) {
            int half = (int) Math.floorMod(batch, 2L);
            System.arraycopy(
                    batchSums,
                    0,
                    halves,
                    PeriodFactors.offset(half, periodsPerDay),
                    Math.min(batchSums.length, 2 * periodsPerDay));
        }
        return addBins(totals, batch, halves, halves.length);
    }

    private static DelayEvidence addBins(
            DelayEvidence totals, long batch, double[] batchDelays, int length) {
        double[] bins = new double[length];
        long asOf = batch;
        if (totals != null && totals.bins != null) {
            double factor = Math.pow(DISCOUNT_PER_BATCH, Math.max(0, batch - totals.batch));
            for (int i = 0; i < bins.length && i < totals.bins.length; i++) {
                bins[i] = totals.bins[i] * factor;
            }
            asOf = Math.max(batch, totals.batch);
        }
        if (batchDelays != null) {
            for (int i = 0; i < bins.length && i < batchDelays.length; i++) {
                bins[i] += batchDelays[i];
            }
        }
        return new DelayEvidence(bins, asOf);
    }

    /**
     * The pool of one key's products as of {@code batch}: each product's sums discounted to it,
     * added in product-id order.
     *
     * @param products the key's products by id, in id order
     */
    public ValuePool pool(Iterable<Map.Entry<String, ProductValue>> products, long batch) {
        ValuePool pool = new ValuePool();
        for (Map.Entry<String, ProductValue> product : products) {
            ProductValue now = discountedTo(product.getValue(), batch);
            pool.add(now.clicks, now.conversions, now.value)
                    .addSpread(now.conversions, now.value, now.roundSquares, now.salesRounds);
        }
        return pool;
    }

    /** The products whose sums have faded to nothing by {@code batch}: no longer worth keeping. */
    public List<String> faded(Iterable<Map.Entry<String, ProductValue>> products, long batch) {
        List<String> faded = new ArrayList<>();
        for (Map.Entry<String, ProductValue> product : products) {
            if (discountedTo(product.getValue(), batch).clicks < FADED_CLICKS) {
                faded.add(product.getKey());
            }
        }
        return faded;
    }

    private static ProductValue discountedTo(ProductValue totals, long batch) {
        if (totals == null) {
            return new ProductValue(0, 0, 0, 0, 0, batch);
        }
        double factor = Math.pow(DISCOUNT_PER_BATCH, Math.max(0, batch - totals.batch));
        return new ProductValue(
                totals.clicks * factor,
                totals.conversions * factor,
                totals.value * factor,
                totals.roundSquares * factor,
                totals.salesRounds * factor,
                Math.max(batch, totals.batch));
    }
}
