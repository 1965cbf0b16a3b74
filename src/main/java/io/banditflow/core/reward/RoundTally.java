package io.banditflow.core.reward;

import io.banditflow.core.event.Device;
import io.banditflow.core.event.FeedbackEvent;

/**
 * Mutable running totals of one product's round, fed event by event. A plain POJO (public fields,
 * no-arg constructor) so that Flink keeps it in window state with its fast POJO serializer.
 */
public class RoundTally {
    public long impressions;
    public long clicks;
    public double cost;
    public long conversions;
    public double conversionValue;
    public long mobileImpressions;
    public long impressionsWithDevice;

    public RoundTally add(FeedbackEvent event) {
        switch (event.type()) {
            case IMPRESSION -> {
                impressions++;
                if (event.device() != null) {
                    impressionsWithDevice++;
                    mobileImpressions += event.device() == Device.MOBILE ? 1 : 0;
                }
            }
            case CLICK -> {
                clicks++;
                cost += event.cost();
            }
            case CONVERSION -> {
                conversions++;
                conversionValue += event.value();
            }
        }
        return this;
    }

    public RoundTally merge(RoundTally other) {
        impressions += other.impressions;
        clicks += other.clicks;
        cost += other.cost;
        conversions += other.conversions;
        conversionValue += other.conversionValue;
        mobileImpressions += other.mobileImpressions;
        impressionsWithDevice += other.impressionsWithDevice;
        return this;
    }

    public RoundOutcome toOutcome(String productId, long round) {
        return new RoundOutcome(
                productId,
                round,
                impressions,
                clicks,
                cost,
                conversions,
                conversionValue,
                mobileImpressions,
                impressionsWithDevice);
    }
}
