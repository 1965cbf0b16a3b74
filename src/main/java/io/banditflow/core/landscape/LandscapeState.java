package io.banditflow.core.landscape;

/**
 * What one product's value-per-click × bid-landscape learner has seen, as (discounted) sums: per
 * bid, the traffic it was played against, the clicks and the cost; over all bids, the clicks, the
 * conversions and their value; and the population's prior of value per click in force (from the
 * latest update that had one); the decision distribution in force until the next update; and the
 * bid its first decisions stay next to, when its category said where (cold start). A POJO (public
 * fields, no-arg constructor) for Flink's POJO serializer; 5 × K + 11 doubles, 2 ints. A field
 * added later restores as 0 from a savepoint taken before it (Flink's POJO schema evolution).
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

    /**
     * Σ clicks of the rounds still inside the attribution window, each weighted by the share of its
     * conversions arrived ({@link OpenValue}); replaced, not added to, at every update.
     */
    public double openClicks;

    /** Σ conversions arrived of the rounds still inside the attribution window. */
    public double openConversions;

    /** Σ their value. */
    public double openValue;

    /** The population prior's α, or 0 before any population was pooled. */
    public double priorAlpha;

    public double priorBeta;
    public double priorValuePerConversion;
    public double priorValueStrength;

    /**
     * The decision distribution over the bids since the last change of this state, for the range
     * {@link #policyFrom}..{@link #policyTo}, or null: computed by the first decision after an
     * update and reused by the next ones (a decision's draws were most of the job's cost).
     */
    public double[] policy;

    public int policyFrom;
    public int policyTo;

    /**
     * The bid the first decisions stay next to, from the product's category ({@link
     * io.banditflow.core.policy.PooledPrior#bestPlayedArm}), or 0: the learner's configured start.
     */
    public double startBid;

    /** The population prior in force, or {@code fallback} before any. */
    public ValuePrior priorOr(ValuePrior fallback) {
        return priorAlpha > 0
                ? new ValuePrior(priorAlpha, priorBeta, priorValuePerConversion, priorValueStrength)
                : fallback;
    }

    /** The cached decision distribution for {@code from..to}, or null. */
    public double[] policyFor(int from, int to) {
        return policy != null && policyFrom == from && policyTo == to ? policy : null;
    }

    /** Keeps {@code probabilities} as the decision distribution for {@code from..to}. */
    public void keepPolicy(double[] probabilities, int from, int to) {
        policy = probabilities;
        policyFrom = from;
        policyTo = to;
    }

    /** Forgets the decision distribution: the state it was drawn from has changed. */
    public void changed() {
        policy = null;
    }

    /** Keeps what the open rounds show, in place of what they showed before. */
    public void keepOpen(OpenValue open) {
        openClicks = open.clicks();
        openConversions = open.conversions();
        openValue = open.value();
    }

    /** What the open rounds showed at the last update. */
    public OpenValue open() {
        return new OpenValue(openClicks, openConversions, openValue);
    }

    /** Clicks value per click is learned from: the final rounds' and the open rounds' weighted. */
    public double valueClicks() {
        return totalClicks + openClicks;
    }

    public double valueConversions() {
        return conversions + openConversions;
    }

    public double valueSum() {
        return value + openValue;
    }

    /** Keeps {@code prior} as the one in force. */
    public void keepPrior(ValuePrior prior) {
        priorAlpha = prior.alpha();
        priorBeta = prior.beta();
        priorValuePerConversion = prior.valuePerConversion();
        priorValueStrength = prior.valueStrength();
    }
}
