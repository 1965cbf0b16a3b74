package io.banditflow.core.reward;

import java.util.Arrays;
import java.util.Objects;

/**
 * What one product's round produced, final once the attribution window has passed: traffic, spend,
 * the conversions attributed to the round's clicks, and the device mix of its impressions.
 *
 * @param mobileImpressions impressions reported as on a mobile device
 * @param impressionsWithDevice impressions that reported a device at all
 * @param bid the bid all its impressions echoed, or 0 when none did (no auction won) or they
 *     differed (per-request bids)
 * @param conversionDelays each attributed conversion's delay from its click, in milliseconds, or
 *     null when none was recorded: what the population's delay model is learned from
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
        double bid,
        long[] conversionDelays) {

    /** An outcome whose conversions' delays were not recorded. */
    public RoundOutcome(
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
                bid,
                null);
    }

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

    /** Equal outcomes: the same components, the delays compared by content. */
    @Override
    public boolean equals(Object other) {
        return other instanceof RoundOutcome o
                && productId.equals(o.productId)
                && round == o.round
                && impressions == o.impressions
                && clicks == o.clicks
                && Double.compare(cost, o.cost) == 0
                && conversions == o.conversions
                && Double.compare(conversionValue, o.conversionValue) == 0
                && mobileImpressions == o.mobileImpressions
                && impressionsWithDevice == o.impressionsWithDevice
                && Double.compare(bid, o.bid) == 0
                && Arrays.equals(conversionDelays, o.conversionDelays);
    }

    @Override
    public int hashCode() {
        return Objects.hash(productId, round, impressions, clicks, conversions)
                + 31 * Arrays.hashCode(conversionDelays);
    }

    @Override
    public String toString() {
        return "RoundOutcome[%s, round %d: %d impressions, %d clicks, cost %s, %d conversions, value %s, bid %s, delays %s]"
                .formatted(
                        productId,
                        round,
                        impressions,
                        clicks,
                        cost,
                        conversions,
                        conversionValue,
                        bid,
                        Arrays.toString(conversionDelays));
    }
}
