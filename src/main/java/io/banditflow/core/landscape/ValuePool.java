package io.banditflow.core.landscape;

import java.io.Serializable;

/**
 * The evidence of a population of products (a category, or all products) about value per click, as
 * sums that merge exactly: a subtask pools its products, the pools of all subtasks are merged, and
 * {@link #fit} estimates the population's {@link ValuePrior} from the merged pool — no single
 * subtask sees every product.
 *
 * <p>The conversion rate's prior is fitted by the click-weighted method of moments for a
 * beta-binomial population (Kleinman, "Proportions with extraneous variance", JASA 1973): with K
 * products, n_p clicks and s_p sales each, N = Σ n_p, m = Σ s_p / N and S = Σ n_p (s_p/n_p − m)²,
 *
 * <pre>
 *   E[S] = m(1 − m) · [(K − 1) + ρ (N − Σ n_p² / N)],   α + β = 1/ρ − 1,
 * </pre>
 *
 * so the shrinkage strength α + β is the data's, not a setting: a population whose products convert
 * alike pools strongly, one whose products differ pools weakly. Weighting by clicks keeps products
 * with a handful of clicks (whose observed rates are mostly noise) from passing for a population
 * that differs. The value per conversion is the pooled mean Σ V / Σ s.
 */
public final class ValuePool implements Serializable {
    /** Products counted: those with at least one click. */
    private long products;

    private double clicks;
    private double conversions;
    private double value;

    /** Σ s_p² / n_p = Σ n_p r_p². */
    private double weightedRateSquares;

    /** Σ n_p². */
    private double clickSquares;

    /** The spread of the products' values per conversion: the value strength's evidence. */
    private ValueSpread spread = new ValueSpread();

    /** The products' conversion delays per bin of the attribution window, or null for none. */
    private double[] delays;

    /**
     * Clicks per period of the day, then conversions per period, of the batches of even number,
     * then of the odd ones ({@link PeriodFactors#of}); null for none.
     */
    private double[] periods;

    /** Adds one product's clicks, conversions and their value. */
    public ValuePool add(double productClicks, double productConversions, double productValue) {
        if (productClicks < 1) {
            return this;
        }
        double sales = Math.min(productClicks, productConversions);
        products++;
        clicks += productClicks;
        conversions += sales;
        value += productValue;
        weightedRateSquares += sales * sales / productClicks;
        clickSquares += productClicks * productClicks;
        return this;
    }

    /**
     * Adds one product's sales to the value spread ({@link ValueSpread#add}): its conversions,
     * their value, Σ V_r² / s_r over its rounds with a sale and how many rounds those were.
     */
    public ValuePool addSpread(
            double productConversions,
            double productValue,
            double roundSquares,
            double salesRounds) {
        spread.add(productConversions, productValue, roundSquares, salesRounds);
        return this;
    }

    /**
     * How many of its own conversions a product's value per conversion is worth against the pool's
     * ({@link ValueSpread#strength}), or {@code fallback} while the pool cannot tell.
     */
    public double valueStrength(double fallback) {
        return spread.strength(fallback);
    }

    /** Adds another pool (another subtask's products), exactly. */
    public ValuePool merge(ValuePool other) {
        products += other.products;
        clicks += other.clicks;
        conversions += other.conversions;
        value += other.value;
        weightedRateSquares += other.weightedRateSquares;
        clickSquares += other.clickSquares;
        spread.merge(other.spread);
        addDelays(other.delays);
        addPeriods(other.periods);
        return this;
    }

    /** Adds clicks and conversions per period of the day, in {@link PeriodFactors#of}'s layout. */
    public ValuePool addPeriods(double[] sums) {
        periods = added(periods, sums);
        return this;
    }

    /**
     * The population's factor of value per click for each period of the day ({@link
     * PeriodFactors}), or null when no period sums were pooled.
     */
    public double[] periodFactors() {
        return periods == null ? null : PeriodFactors.of(periods);
    }

    /** Adds conversion delays counted per bin ({@link io.banditflow.core.reward.DelayModel}). */
    public ValuePool addDelays(double[] bins) {
        delays = added(delays, bins);
        return this;
    }

    /**
     * {@code totals} with {@code more} added element by element: a new array of {@code more}'s
     * length when {@code totals} is null; {@code totals} itself when {@code more} is null.
     */
    private static double[] added(double[] totals, double[] more) {
        if (more == null) {
            return totals;
        }
        double[] sums = totals == null ? new double[more.length] : totals;
        for (int i = 0; i < more.length && i < sums.length; i++) {
            sums[i] += more[i];
        }
        return sums;
    }

    /** The conversion delays per bin, or null when none were counted. */
    public double[] delays() {
        return delays == null ? null : delays.clone();
    }

    public long products() {
        return products;
    }

    /** The pool's sums as one part of its population, in force from {@code asOf}. */
    public PooledValue part(String poolKey, long asOf) {
        return new PooledValue(
                poolKey,
                asOf,
                products,
                clicks,
                conversions,
                value,
                weightedRateSquares,
                clickSquares,
                delays == null ? null : delays.clone(),
                periods == null ? null : periods.clone(),
                spread.sums());
    }

    /** The pool a part stands for. */
    public static ValuePool of(PooledValue part) {
        ValuePool pool = new ValuePool();
        pool.products = part.products();
        pool.clicks = part.clicks();
        pool.conversions = part.conversions();
        pool.value = part.value();
        pool.weightedRateSquares = part.weightedRateSquares();
        pool.clickSquares = part.clickSquares();
        pool.spread = ValueSpread.of(part.spread());
        pool.addDelays(part.delays());
        pool.addPeriods(part.periods());
        return pool;
    }

    /**
     * The population's prior, or {@code fallback} while the pool has fewer than {@code minProducts}
     * products with clicks or no conversion at all.
     *
     * @param maxStrength the most clicks the prior may stand for (α + β), so that a population
     *     whose products look identical still lets a product's own evidence count
     * @param valueStrength how many conversions of its own a product's value per conversion is
     *     worth against the pooled one
     */
    public ValuePrior fit(
            long minProducts, double maxStrength, double valueStrength, ValuePrior fallback) {
        return fit(minProducts, maxStrength, valueStrength, fallback, null, 0);
    }

    /**
     * The population's prior as {@link #fit(long, double, double, ValuePrior)}, its means shrunk
     * toward a parent population's ({@code parent}, e.g. all products for a category): the pooled
     * conversion rate as if the parent added α_p + β_p clicks at its rate for each of the pool's
     * products, the value per conversion as if it added {@code parentConversions} conversions at
     * its value. A category with few sales so keeps near all products' value instead of pinning its
     * products to the few it saw.
     */
    public ValuePrior fit(
            long minProducts,
            double maxStrength,
            double valueStrength,
            ValuePrior fallback,
            ValuePrior parent,
            double parentConversions) {
        if (products < minProducts || (conversions <= 0 && parent == null)) {
            return fallback;
        }
        // every product of this pool counts the parent's prior once: the pool's mean is then the
        // mean of its products' posterior rates under the parent, so a pool moves away from its
        // parent only as far as its products' own clicks carry it
        double parentClicks = parent == null ? 0 : (parent.alpha() + parent.beta()) * products;
        double parentSales = parent == null ? 0 : parentClicks * parent.conversionRate();
        double parentValue = parent == null ? 0 : parent.valuePerConversion();
        double m = Math.min(1 - 1e-9, (conversions + parentSales) / (clicks + parentClicks));
        double valuePerConversion =
                (value + parentConversions * parentValue) / (conversions + parentConversions);
        double pooled = conversions / clicks;
        double spread = weightedRateSquares - pooled * conversions;
        double rho =
                (spread / Math.max(1e-12, pooled * (1 - pooled)) - (products - 1))
                        / Math.max(1e-12, clicks - clickSquares / clicks);
        double strength = rho <= 0 ? maxStrength : Math.min(maxStrength, 1 / rho - 1);
        if (conversions <= 0) {
            strength = parent.alpha() + parent.beta(); // no sale tells products apart
        }
        strength = Math.max(1, strength);
        return new ValuePrior(m * strength, (1 - m) * strength, valuePerConversion, valueStrength);
    }
}
