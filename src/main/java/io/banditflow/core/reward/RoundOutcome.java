package io.banditflow.core.reward;

/**
 * What one product's round produced, final once the attribution window has passed: traffic, spend
 * and the conversions attributed to the round's clicks.
 */
public record RoundOutcome(
        String productId,
        long round,
        long impressions,
        long clicks,
        double cost,
        long conversions,
        double conversionValue) {

    public static RoundOutcome empty(String productId, long round) {
        return new RoundOutcome(productId, round, 0, 0, 0, 0, 0);
    }

    /** Raw reward: attributed conversion value minus cost. */
    public double profit() {
        return conversionValue - cost;
    }
}
