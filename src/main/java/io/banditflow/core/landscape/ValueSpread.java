package io.banditflow.core.landscape;

import java.io.Serializable;

/**
 * How much a product's value per conversion tells it apart from its population's, as sums that
 * merge exactly: the shrinkage strength τ of ŵ = (V + τ·w̄) / (s + τ) ({@link ValuePrior}),
 * estimated from the data instead of set by hand.
 *
 * <p>A one-way random-effects model of sale values: a product's sales are worth its own mean w_p
 * give or take σ²_w per sale, and the products' means spread σ²_b around the population's; the
 * posterior mean of w_p after s sales of total V is then (V + τ·w̄) / (s + τ) with τ = σ²_w / σ²_b
 * (the conjugate normal mean). Both variances come from the method of moments of an unbalanced
 * analysis of variance (Searle, Casella and McCulloch, "Variance Components", 1992, §3.6), with a
 * round's sales standing for one observation of weight s_r (a round's value is only known summed):
 *
 * <pre>
 *   within  W = Σ_p Σ_r V_r² / s_r − Σ_p V_p² / S_p,     E[W] = σ²_w · Σ_p (R_p − 1)
 *   between B = Σ_p V_p² / S_p − V² / S,                 E[B] = σ²_w · (K − 1) + σ²_b · (S − Σ_p S_p² / S)
 * </pre>
 *
 * for the K products with a sale, each with S_p sales of total V_p in R_p rounds with a sale, S and
 * V summed over them. Products whose sales are worth alike pool strongly; products that sell at
 * different prices keep their own.
 */
public final class ValueSpread implements Serializable {
    /** Degrees of freedom of the within sum below which no strength is estimated. */
    public static final double MIN_WITHIN_DEGREES = 20;

    /** Products with a sale below which no strength is estimated. */
    public static final double MIN_PRODUCTS = 5;

    /** Bounds of an estimated strength, in sales: a product's own sales always count. */
    public static final double MIN_STRENGTH = 0.1;

    public static final double MAX_STRENGTH = 100;

    /** Number of sums in {@link #sums()}. */
    public static final int SUMS = 7;

    private double products;
    private double sales;
    private double value;
    private double salesSquares;
    private double productSquares;
    private double roundSquares;
    private double withinDegrees;

    /**
     * Adds one product's sales: {@code sales} of total {@code value}, Σ V_r² / s_r over its rounds
     * with a sale ({@code roundSquares}) and how many rounds those were ({@code salesRounds}).
     */
    public ValueSpread add(double sales, double value, double roundSquares, double salesRounds) {
        if (!(sales > 0) || !(salesRounds > 0)) {
            return this;
        }
        products++;
        this.sales += sales;
        this.value += value;
        salesSquares += sales * sales;
        productSquares += value * value / sales;
        // never below the product's own mean square: a round's value is summed, never split
        this.roundSquares += Math.max(roundSquares, value * value / sales);
        withinDegrees += Math.max(0, salesRounds - 1);
        return this;
    }

    /** Adds another population's sums, exactly. */
    public ValueSpread merge(ValueSpread other) {
        products += other.products;
        sales += other.sales;
        value += other.value;
        salesSquares += other.salesSquares;
        productSquares += other.productSquares;
        roundSquares += other.roundSquares;
        withinDegrees += other.withinDegrees;
        return this;
    }

    /**
     * The shrinkage strength in sales, or {@code fallback} while the sums hold fewer than {@link
     * #MIN_PRODUCTS} products with a sale or {@link #MIN_WITHIN_DEGREES} degrees of freedom within
     * products; {@link #MAX_STRENGTH} when the products' means do not spread beyond their sales'
     * noise.
     */
    public double strength(double fallback) {
        if (products < MIN_PRODUCTS || withinDegrees < MIN_WITHIN_DEGREES) {
            return fallback;
        }
        double within = (roundSquares - productSquares) / withinDegrees;
        double between = productSquares - value * value / sales;
        double spreadWeight = sales - salesSquares / sales;
        double amongProducts = (between - (products - 1) * within) / spreadWeight;
        if (!(amongProducts > 0)) {
            return MAX_STRENGTH;
        }
        return Math.max(MIN_STRENGTH, Math.min(MAX_STRENGTH, within / amongProducts));
    }

    /** The sums as one array, for a pooled part ({@link PooledValue#spread}). */
    public double[] sums() {
        return new double[] {
            products, sales, value, salesSquares, productSquares, roundSquares, withinDegrees
        };
    }

    /** The sums of {@link #sums()}; empty sums for null (a part pooled before them). */
    public static ValueSpread of(double[] sums) {
        ValueSpread spread = new ValueSpread();
        if (sums != null && sums.length >= SUMS) {
            spread.products = sums[0];
            spread.sales = sums[1];
            spread.value = sums[2];
            spread.salesSquares = sums[3];
            spread.productSquares = sums[4];
            spread.roundSquares = sums[5];
            spread.withinDegrees = sums[6];
        }
        return spread;
    }
}
