package io.banditflow.core.landscape;

import java.io.Serializable;

/**
 * The population's prior for one product's value per click: conversions per click ~ Beta(α, β)
 * across products, and value per conversion with mean {@code valuePerConversion}, worth {@code
 * valueStrength} conversions of a product's own. A product's posterior mean of value per click is
 * then
 *
 * <pre>
 *   ρ̂ = (α + s) / (α + β + n),   ŵ = (V + τ·w̄) / (s + τ),   v̂ = ρ̂ · ŵ
 * </pre>
 *
 * for its clicks n, conversions s and conversion value V: a product without sales bids from its
 * population's value, and its own sales take over as they come.
 */
public record ValuePrior(double alpha, double beta, double valuePerConversion, double valueStrength)
        implements Serializable {

    public ValuePrior {
        if (!(alpha > 0) || !(beta > 0) || !(valuePerConversion >= 0) || !(valueStrength > 0)) {
            throw new IllegalArgumentException(
                    "need α, β > 0, a value per conversion >= 0 and a strength > 0");
        }
    }

    /** The conversion rate's prior mean α / (α + β). */
    public double conversionRate() {
        return alpha / (alpha + beta);
    }

    /** The prior's value per click: its conversion rate times its value per conversion. */
    public double valuePerClick() {
        return conversionRate() * valuePerConversion;
    }

    /** Posterior mean conversions per click after {@code clicks} clicks and their conversions. */
    public double conversionRate(double clicks, double conversions) {
        return (alpha + conversions) / (alpha + beta + clicks);
    }

    /** Posterior mean value per conversion after {@code conversions} of total {@code value}. */
    public double valuePerConversion(double conversions, double value) {
        return (value + valueStrength * valuePerConversion) / (conversions + valueStrength);
    }

    /** Posterior mean value per click v̂ = ρ̂ · ŵ. */
    public double valuePerClick(double clicks, double conversions, double value) {
        return conversionRate(clicks, conversions) * valuePerConversion(conversions, value);
    }

    /**
     * A credible bound of value per click: the conversion rate {@code z} posterior standard
     * deviations from its mean (z &lt; 0: a lower bound), within [0, 1], times ŵ. Bids above the
     * upper one are ones the evidence does not support.
     */
    public double boundOfValuePerClick(double clicks, double conversions, double value, double z) {
        double a = alpha + conversions;
        double b = beta + clicks - conversions;
        double rate = a / (a + b);
        double sd = Math.sqrt(rate * (1 - rate) / (a + b + 1));
        return Math.max(0, Math.min(1, rate + z * sd)) * valuePerConversion(conversions, value);
    }
}
