package io.banditflow.core.landscape;

/**
 * What one product's value-per-click × bid-landscape learner has seen, as (discounted) sums: per
 * bid, the traffic it was played against, the clicks and the cost; over all bids, the clicks, the
 * conversions and their value; and the population's prior of value per click in force (from the
 * latest update that had one). A POJO (public fields, no-arg constructor) for Flink's POJO
 * serializer; 4 × K + 7 doubles.
 */
public class LandscapeState {
    /** Σ traffic share c_h of the rounds played at each bid: the traffic each bid was shown. */
    public double[] exposure;

    /** Σ impressions won in the rounds played at each bid. */
    public double[] impressions;

    /** Σ clicks of the rounds played at each bid. */
    public double[] clicks;

    /** Σ cost of the rounds played at each bid. */
    public double[] cost;

    /** Σ clicks of every round, whatever its bid: what value per click is learned from. */
    public double totalClicks;

    /** Σ attributed conversions of every round. */
    public double conversions;

    /** Σ attributed conversion value of every round. */
    public double value;

    /** The population prior's α, or 0 before any population was pooled. */
    public double priorAlpha;

    public double priorBeta;
    public double priorValuePerConversion;
    public double priorValueStrength;

    /** The population prior in force, or {@code fallback} before any. */
    public ValuePrior priorOr(ValuePrior fallback) {
        return priorAlpha > 0
                ? new ValuePrior(priorAlpha, priorBeta, priorValuePerConversion, priorValueStrength)
                : fallback;
    }

    /** Keeps {@code prior} as the one in force. */
    public void keepPrior(ValuePrior prior) {
        priorAlpha = prior.alpha();
        priorBeta = prior.beta();
        priorValuePerConversion = prior.valuePerConversion();
        priorValueStrength = prior.valueStrength();
    }
}
