package io.banditflow.core.sim;

/**
 * A change of the market from a round on: competitors bid more (or less), buyers convert less (or
 * more). Applies to one category, or to all products when {@code category} is null.
 */
public record MarketShift(
        long fromRound, String category, double competitorBidFactor, double conversionRateFactor) {

    public boolean appliesTo(SimProduct product, long round) {
        return round >= fromRound && (category == null || category.equals(product.category()));
    }
}
