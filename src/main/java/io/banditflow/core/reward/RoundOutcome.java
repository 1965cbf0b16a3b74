package io.banditflow.core.reward;

/**
 * What one product's round produced, final once the attribution window has passed: traffic, spend,
 * the conversions attributed to the round's clicks, and the device mix of its impressions.
 *
 * @param mobileImpressions impressions reported as on a mobile device
 * @param impressionsWithDevice impressions that reported a device at all
 * @param bid the bid all its impressions echoed, or 0 when none did (no auction won) or they
 *     differed (per-request bids)
 */
public record RoundOutcome(
        String productId,
        long round,
        long impressions,
        long clicks,
        double cost,
        long conversions,
        double conversionValue,
        long mobileImpressions,
        long impressionsWithDevice,
        double bid) {

    /** An outcome whose impressions echoed no single bid. */
    public RoundOutcome(
            String productId,
            long round,
            long impressions,
            long clicks,
            double cost,
            long conversions,
            double conversionValue,
            long mobileImpressions,
            long impressionsWithDevice) {
        this(
                productId,
                round,
                impressions,
                clicks,
                cost,
                conversions,
                conversionValue,
                mobileImpressions,
                impressionsWithDevice,
                0);
    }

    /** An outcome whose impressions reported no device. */
    public RoundOutcome(
            String productId,
            long round,
            long impressions,
            long clicks,
            double cost,
            long conversions,
            double conversionValue) {
        this(productId, round, impressions, clicks, cost, conversions, conversionValue, 0, 0);
    }

    public static RoundOutcome empty(String productId, long round) {
        return new RoundOutcome(productId, round, 0, 0, 0, 0, 0);
    }

    /** Raw reward: attributed conversion value minus cost. */
    public double profit() {
        return conversionValue - cost;
    }
}
