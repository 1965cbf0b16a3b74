package io.banditflow.core.landscape;

/**
 * What one product's value-per-click × bid-landscape learner has seen, as (discounted) sums: per
 * bid, the traffic it was played against, the clicks and the cost; over all bids, the clicks, the
 * conversions and their value; the population's prior of value per click and its factors by period
 * of the day in force (from the latest update that had them); the decision distributions in force
 * until the next update; and the bid its first decisions stay next to, when its category said where
 * (cold start). A POJO (public fields, no-arg constructor) for Flink's POJO serializer; 4 × K + 11
 * doubles, P factors, P × (range width) 16-bit counts, 2 ints. A field added later restores as 0 or
 * null from a savepoint taken before it, and one removed is dropped (Flink's POJO schema
 * evolution): the single decision distribution kept until 2026-12-05 ({@code policy}) is drawn
 * again by the first decision after the restore.
 */
public class LandscapeState {
    /**
     * The bids whose rounds have been learned whole, their batch final — clicks, cost and the sales
     * of those clicks — or null (state from before state format 12): every bid played counts, until
     * its first batch learned when its rounds end trusts the bids played before it ({@code
     * BidLandscape.trustPlayed}). The trust region grows from these ({@code ValueLandscape.range}):
     * a bid whose clicks and cost are known when its rounds end but whose sales are not is not yet
     * a bid its profit is known at.
     */
    public boolean[] trusted;

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
     * All products' factors of value per click by period of the day in force ({@link
     * PeriodFactors}), or null: every period is worth the day's.
     */
    public double[] periodFactors;

    /**
     * The decision distributions since the last change of this state, for the range {@link
     * #policyFrom}..{@link #policyTo}, or null: per period of the day (one row when there are no
     * {@link #periodFactors}), how many of the landscape draws each bid of the range won, at {@code
     * row × width + (arm − policyFrom)}. Drawn by the first decision after an update and reused by
     * the next ones (a decision's draws were most of the job's cost); counts, not shares, so that a
     * day of periods fits in a few hundred bytes and a share is exact (count ÷ the row's total).
     */
    public short[] policyWins;

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

    /** How many periods of the day the factors tell apart: 1 without factors. */
    public int periods() {
        return periodFactors == null || periodFactors.length == 0 ? 1 : periodFactors.length;
    }

    /**
     * The row of {@code periodOfDay} among {@link #periods()}: 0 without factors; the period modulo
     * their number otherwise (a round length changed since they were pooled maps every period to
     * one of them until the next update brings the new ones).
     */
    public int periodRow(int periodOfDay) {
        return Math.floorMod(periodOfDay, periods());
    }

    /** The factor of value per click in {@code row} ({@link #periodRow}). */
    public double periodFactor(int row) {
        return periodFactors == null || periodFactors.length == 0 ? 1 : periodFactors[row];
    }

    /**
     * The kept decision distribution of {@code row} for {@code from..to}, as probabilities over
     * {@code arms} bids (0 outside the range), or null when none is kept for that range.
     */
    public double[] policyFor(int from, int to, int row, int arms) {
        if (policyWins == null
                || policyFrom != from
                || policyTo != to
                || policyWins.length != periods() * (to - from + 1)) {
            return null;
        }
        return shares(policyWins, from, to, row, arms);
    }

    /**
     * Row {@code row} of {@code wins} (laid out as {@link #policyWins}) as probabilities over
     * {@code arms} bids: each bid's count over the row's total, 0 outside {@code from..to}.
     */
    public static double[] shares(short[] wins, int from, int to, int row, int arms) {
        int width = to - from + 1;
        double total = 0;
        for (int i = 0; i < width; i++) {
            total += wins[row * width + i];
        }
        double[] probabilities = new double[arms];
        for (int i = 0; i < width; i++) {
            probabilities[from + i] = wins[row * width + i] / total;
        }
        return probabilities;
    }

    /**
     * Keeps {@code wins} (as {@link #policyWins} has them) as the distributions of {@code
     * from..to}.
     */
    public void keepPolicy(short[] wins, int from, int to) {
        policyWins = wins;
        policyFrom = from;
        policyTo = to;
    }

    /** Forgets the decision distributions: the state they were drawn from has changed. */
    public void changed() {
        policyWins = null;
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

    /**
     * Keeps what {@code population} tells as in force: its prior when it has one, its factors by
     * period when it has them.
     */
    public void keepPopulation(Population population) {
        if (population.prior() != null) {
            keepPrior(population.prior());
        }
        if (population.periodFactors() != null) {
            periodFactors = population.periodFactors().clone();
        }
    }

    /** Keeps {@code prior} as the one in force. */
    public void keepPrior(ValuePrior prior) {
        priorAlpha = prior.alpha();
        priorBeta = prior.beta();
        priorValuePerConversion = prior.valuePerConversion();
        priorValueStrength = prior.valueStrength();
    }
}
