package io.banditflow.core.sim;

/**
 * A change of the market from a round on: competitors bid more (or less), shoppers click or buy
 * less (or more), or more (or fewer) of them come on mobile devices. Applies to one category, or to
 * all products when {@code category} is null.
 */
public record MarketShift(
        long fromRound,
        String category,
        double competitorBidFactor,
        double clickRateFactor,
        double conversionRateFactor,
        double mobileShareFactor) {

    /** Competitors bid {@code factor} times as much from {@code fromRound} on. */
    public static MarketShift competitorBids(long fromRound, String category, double factor) {
        return new MarketShift(fromRound, category, factor, 1, 1, 1);
    }

    public boolean appliesTo(SimProduct product, long round) {
        return round >= fromRound && (category == null || category.equals(product.category()));
    }
}
