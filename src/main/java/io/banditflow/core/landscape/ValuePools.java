package io.banditflow.core.landscape;

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

    /** How many of its own conversions a product's value per conversion is worth the pool's. */
    public static final double VALUE_STRENGTH = 2;

    /** How many conversions all products' value per conversion counts for in a category's. */
    public static final double PARENT_CONVERSIONS = 10;

    private final Map<String, ValuePool> byCategory = new HashMap<>();
    private final ValuePool all = new ValuePool();
    private final Map<String, ValuePrior> priors = new HashMap<>();
    private ValuePrior overall;

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
        pools.overall = pools.all.fit(MIN_PRODUCTS, MAX_STRENGTH, VALUE_STRENGTH, null);
        return pools;
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
                                VALUE_STRENGTH,
                                overall,
                                overall,
                                PARENT_CONVERSIONS));
    }
}
