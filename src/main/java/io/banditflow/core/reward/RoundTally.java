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

    /** Each conversion's delay from its click, in arrival order; null before the first. */
    public long[] conversionDelays;

    /** The lowest and highest bid the round's impressions echoed; 0 before any did. */
    public double lowestBid;

    public double highestBid;

    public RoundTally add(FeedbackEvent event) {
        switch (event.type()) {
            case IMPRESSION -> {
                impressions++;
                if (event.device() != null) {
                    impressionsWithDevice++;
                    mobileImpressions += event.device() == Device.MOBILE ? 1 : 0;
                }
                addBids(event.bid(), event.bid());
            }
            case CLICK -> {
                clicks++;
                cost += event.cost();
            }
            case CONVERSION -> {
                conversions++;
                conversionValue += event.value();
                addDelays(new long[] {event.eventTime() - event.attributionTime()});
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
        addBids(other.lowestBid, other.highestBid);
        addDelays(other.conversionDelays);
        return this;
    }

    private void addDelays(long[] delays) {
        if (delays == null || delays.length == 0) {
            return;
        }
        int had = conversionDelays == null ? 0 : conversionDelays.length;
        long[] all = new long[had + delays.length];
        if (had > 0) {
            System.arraycopy(conversionDelays, 0, all, 0, had);
        }
        System.arraycopy(delays, 0, all, had, delays.length);
        conversionDelays = all;
    }

    private void addBids(double lowest, double highest) {
        if (lowest > 0) {
            lowestBid = lowestBid > 0 ? Math.min(lowestBid, lowest) : lowest;
            highestBid = Math.max(highestBid, highest);
        }
    }

    /** The bid every impression echoed, or 0 when none did or they differed. */
    public double bid() {
        return lowestBid == highestBid ? lowestBid : 0;
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
                impressionsWithDevice,
                bid(),
                conversionDelays == null ? null : conversionDelays.clone());
    }
}
