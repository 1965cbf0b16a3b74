package io.banditflow.core.landscape;

import java.io.Serializable;

/**
 * The evidence of a population of products (a category, or all products) about value per click, as
 * sums that merge exactly: a subtask pools its products, the pools of all subtasks are merged, and
 * {@link #fit} estimates the population's {@link ValuePrior} from the merged pool — no single
 * subtask sees every product.
 *
 * <p>The conversion rate's prior is fitted by the method of moments for a beta-binomial population:
 * with r_p = s_p / n_p each product's observed rate, m = Σ s / Σ n the pooled rate, the spread of
 * true rates between products is what the spread of observed rates leaves once the binomial noise
 * of each product's clicks is taken out,
 *
 * <pre>
 *   σ² = Var(r_p) − m(1 − m) · mean(1 / n_p),   α + β = m(1 − m) / σ² − 1,
 * </pre>
 *
 * so the shrinkage strength α + β is the data's, not a setting: a population whose products convert
 * alike pools strongly, one whose products differ pools weakly. The value per conversion is the
 * pooled mean Σ V / Σ s.
 */
public final class ValuePool implements Serializable {
    /** Products counted: those with at least one click. */
    private long products;

    private double clicks;
    private double conversions;
    private double value;
    private double rateSum;
    private double rateSquares;
    private double inverseClicks;

    /** Adds one product's clicks, conversions and their value. */
    public ValuePool add(double productClicks, double productConversions, double productValue) {
        if (productClicks < 1) {
            return this;
        }
        double rate = Math.min(1, productConversions / productClicks);
        products++;
        clicks += productClicks;
        conversions += productConversions;
        value += productValue;
        rateSum += rate;
        rateSquares += rate * rate;
        inverseClicks += 1 / productClicks;
        return this;
    }

    /** Adds another pool (another subtask's products), exactly. */
    public ValuePool merge(ValuePool other) {
        products += other.products;
        clicks += other.clicks;
        conversions += other.conversions;
        value += other.value;
        rateSum += other.rateSum;
        rateSquares += other.rateSquares;
        inverseClicks += other.inverseClicks;
        return this;
    }

    public long products() {
        return products;
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
        if (products < minProducts || conversions <= 0) {
            return fallback;
        }
        double m = Math.min(1 - 1e-9, conversions / clicks);
        double meanRate = rateSum / products;
        double observedVariance = Math.max(0, rateSquares / products - meanRate * meanRate);
        double noise = m * (1 - m) * inverseClicks / products;
        double between = observedVariance - noise;
        double strength =
                between <= 0 ? maxStrength : Math.min(maxStrength, m * (1 - m) / between - 1);
        strength = Math.max(1, strength);
        return new ValuePrior(m * strength, (1 - m) * strength, value / conversions, valueStrength);
    }
}
