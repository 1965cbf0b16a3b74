package io.banditflow.core.landscape;

import java.util.HashMap;
import java.util.Map;

/**
 * The value pools of one moment: one per category and one of all products, each product added to
 * its category's and to all products'. A product's population prior is its category's when the
 * category has enough products with clicks, else all products'.
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

    /** Adds one product's value evidence to its category's pool (null: none) and to all. */
    public ValuePools add(String category, LandscapeState state) {
        if (state == null) {
            return this;
        }
        if (category != null) {
            byCategory
                    .computeIfAbsent(category, c -> new ValuePool())
                    .add(state.totalClicks, state.conversions, state.value);
        }
        all.add(state.totalClicks, state.conversions, state.value);
        return this;
    }

    /**
     * The prior of a product of {@code category}: its category's, its means shrunk toward all
     * products' ({@link ValuePool#fit(long, double, double, ValuePrior, ValuePrior, double)}); all
     * products' while the category is small; null while all products have no sale.
     */
    public ValuePrior priorOf(String category) {
        ValuePrior overall = all.fit(MIN_PRODUCTS, MAX_STRENGTH, VALUE_STRENGTH, null);
        ValuePool pool = category == null ? null : byCategory.get(category);
        if (pool == null || overall == null) {
            return overall;
        }
        return pool.fit(
                MIN_PRODUCTS, MAX_STRENGTH, VALUE_STRENGTH, overall, overall, PARENT_CONVERSIONS);
    }
}
