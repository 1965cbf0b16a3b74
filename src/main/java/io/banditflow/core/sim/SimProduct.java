package io.banditflow.core.sim;

/**
 * A simulated product in a black-box second-price auction.
 *
 * @param valuePerConversion mean value of a sale
 * @param conversionRate probability that a click converts (sparse: around 1%)
 * @param clickRate probability that an impression is clicked
 * @param peakAuctions mean auctions per round in the busiest period of the day
 * @param competitorMedian median of the highest competing bid (log-normal, hidden from the learner)
 * @param competitorSpread log-scale standard deviation of the highest competing bid
 */
public record SimProduct(
        String id,
        String category,
        double valuePerConversion,
        double conversionRate,
        double clickRate,
        double peakAuctions,
        double competitorMedian,
        double competitorSpread) {

    /** The same product with {@code factor} times its auctions. */
    public SimProduct withTraffic(double factor) {
        return new SimProduct(
                id,
                category,
                valuePerConversion,
                conversionRate,
                clickRate,
                peakAuctions * factor,
                competitorMedian,
                competitorSpread);
    }

    /**
     * The same product in a market whose prices are {@code factor} times as high: a sale worth that
     * much more and competitors bidding that much more, so its best bid is that much higher.
     */
    public SimProduct withPrices(double factor) {
        return new SimProduct(
                id,
                category,
                valuePerConversion * factor,
                conversionRate,
                clickRate,
                peakAuctions,
                competitorMedian * factor,
                competitorSpread);
    }

    /** Value of a click: in a second-price auction the profit-maximising bid. */
    public double valuePerClick() {
        return valuePerConversion * conversionRate;
    }
}
