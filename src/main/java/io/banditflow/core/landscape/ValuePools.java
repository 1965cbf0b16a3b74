package io.banditflow.core.landscape;

import io.banditflow.core.reward.DelayModel;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;

/**
 * The value pools of one moment: one per category and one of all products, merged from the parts
 * {@link ValueEvidence} pools per category and shard. A product's population prior is its
 * category's when the category has enough products with clicks, else all products'.
 */
public final class ValuePools {
    /** Products with clicks a pool needs before its prior is fitted. */
    public static final long MIN_PRODUCTS = 5;

    /** The most clicks a fitted conversion-rate prior may stand for. */
    public static final double MAX_STRENGTH = 2_000;

    /**
     * How many of its own conversions a product's value per conversion is worth the pool's while
     * all products' sales cannot tell yet ({@link ValueSpread#strength}).
     */
    public static final double VALUE_STRENGTH = 2;

    /** How many conversions all products' value per conversion counts for in a category's. */
    public static final double PARENT_CONVERSIONS = 10;

    /**
     * Conversions a population's delays need before they are its delay model: with fewer, a
     * category's are all products', and all products' are none (rounds then wait to be final).
     */
    public static final double MIN_DELAY_CONVERSIONS = 30;

    private final Map<String, ValuePool> byCategory = new HashMap<>();
    private final ValuePool all = new ValuePool();
    private final Map<String, ValuePrior> priors = new HashMap<>();
    private ValuePrior overall;
    private double valueStrength;
    private double[] periodFactors;

    private ValuePools() {}

    /**
     * The pools of the parts given by pool key ({@link ValueEvidence#poolKey}): each category's the
     * merge of its shards', all products' the merge of every part, in key order so that the sums do
     * not depend on the order the parts arrived in.
     */
    public static ValuePools of(SortedMap<String, ValuePool> parts) {
        ValuePools pools = new ValuePools();
        parts.forEach(
                (key, part) -> {
                    String category = ValueEvidence.categoryOf(key);
                    if (category != null) {
                        pools.byCategory
                                .computeIfAbsent(category, c -> new ValuePool())
                                .merge(part);
                    }
                    pools.all.merge(part);
                });
        // one strength for every population: how far a product's sales stray from its
        // population's is a property of the market, and all products' sums estimate it best
        pools.valueStrength = pools.all.valueStrength(VALUE_STRENGTH);
        pools.overall = pools.all.fit(MIN_PRODUCTS, MAX_STRENGTH, pools.valueStrength, null);
        pools.periodFactors = pools.all.periodFactors();
        return pools;
    }

    /**
     * The conversion delays of a product of {@code category} (null: none): its category's when they
     * count {@link #MIN_DELAY_CONVERSIONS}, else all products' when theirs do, else null.
     */
    public DelayModel delaysOf(String category, long attributionMillis) {
        ValuePool pool = category == null ? null : byCategory.get(category);
        DelayModel own =
                pool == null
                        ? null
                        : DelayModel.of(attributionMillis, pool.delays(), MIN_DELAY_CONVERSIONS);
        return own != null
                ? own
                : DelayModel.of(attributionMillis, all.delays(), MIN_DELAY_CONVERSIONS);
    }

    /**
     * The prior of a product of {@code category}: its category's, its means shrunk toward all
     * products' ({@link ValuePool#fit(long, double, double, ValuePrior, ValuePrior, double)}); all
     * products' while the category is small; null while all products have no sale.
     */
    public ValuePrior priorOf(String category) {
        ValuePool pool = category == null ? null : byCategory.get(category);
        if (pool == null || overall == null) {
            return overall;
        }
        return priors.computeIfAbsent(
                category,
                c ->
                        pool.fit(
                                MIN_PRODUCTS,
                                MAX_STRENGTH,
                                valueStrength,
                                overall,
                                overall,
                                PARENT_CONVERSIONS));
    }

    /**
     * All products' factors of value per click by period of the day ({@link PeriodFactors}), or
     * null while no part carried period sums: one curve for the whole market, as shoppers' hours
     * are mostly the market's, not a product's.
     */
    public double[] periodFactors() {
        return periodFactors == null ? null : periodFactors.clone();
    }

    /**
     * What a product of {@code category} learns from its population: {@link #priorOf} and {@link
     * #periodFactors}.
     */
    public Population populationOf(String category) {
        return new Population(priorOf(category), periodFactors);
    }
}
