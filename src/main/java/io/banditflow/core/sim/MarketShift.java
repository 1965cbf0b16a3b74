package io.banditflow.core.sim;

/**
 * A change of the market from a round on: competitors bid more (or less), shoppers click or buy
 * less (or more), or more (or fewer) of them come on mobile devices. Applies to one category, or to
 * all products when {@code category} is null.
 *
 * <p>An abrupt shift is in full force from {@code fromRound}. A gradual one ({@code rampRounds} >
 * 0) grows geometrically: in round {@code fromRound + k} a factor f acts as f^((k + 1) / (ramp +
 * 1)), reaching f after {@code rampRounds} rounds, the way a competitor's budget or a season comes
 * in.
 */
public record MarketShift(
        long fromRound,
        String category,
        double competitorBidFactor,
        double clickRateFactor,
        double conversionRateFactor,
        double mobileShareFactor,
        long rampRounds) {

    /** An abrupt shift. */
    public MarketShift(
            long fromRound,
            String category,
            double competitorBidFactor,
            double clickRateFactor,
            double conversionRateFactor,
            double mobileShareFactor) {
        this(
                fromRound,
                category,
                competitorBidFactor,
                clickRateFactor,
                conversionRateFactor,
                mobileShareFactor,
                0);
    }

    public MarketShift {
        if (rampRounds < 0) {
            throw new IllegalArgumentException("rampRounds must not be negative");
        }
    }

    /** The same shift, coming in over {@code rounds} rounds instead of at once. */
    public MarketShift gradually(long rounds) {
        return new MarketShift(
                fromRound,
                category,
                competitorBidFactor,
                clickRateFactor,
                conversionRateFactor,
                mobileShareFactor,
                rounds);
    }

    /** How much of the shift is in force in a round: 0 before it, 1 once fully in. */
    public double strength(long round) {
        if (round < fromRound) {
            return 0;
        }
        return Math.min(1, (round - fromRound + 1) / (double) (rampRounds + 1));
    }

    /** Competitors bid {@code factor} times as much from {@code fromRound} on. */
    public static MarketShift competitorBids(long fromRound, String category, double factor) {
        return new MarketShift(fromRound, category, factor, 1, 1, 1);
    }

    public boolean appliesTo(SimProduct product, long round) {
        return round >= fromRound && (category == null || category.equals(product.category()));
    }

    /** A factor of this shift as it acts in a round ({@link #strength}). */
    public double inForce(double factor, long round) {
        return Math.pow(factor, strength(round));
    }
}
