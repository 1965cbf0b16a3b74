package io.banditflow.core.drift;

import io.banditflow.core.reward.RoundOutcome;
import java.util.Arrays;
import java.util.List;

/**
 * What the drift monitors watch: one value per product and round. A value is undefined (NaN) when
 * its denominator is zero, and undefined values are not part of any sample.
 *
 * <p>Traffic metrics are known when the round ends; conversion metrics only when the attribution
 * window has passed, so they are judged later, on the round's final outcome.
 */
public enum DriftMetric {
    /** Clicks per impression. */
    CTR(Stage.ROUND_END),
    /**
     * Share of impressions on mobile devices, of those that report a device: the context mix of the
     * product's traffic.
     */
    MOBILE_SHARE(Stage.ROUND_END),
    /** Cost per click. */
    CPC(Stage.ROUND_END),
    /** Conversions per click. */
    CONVERSION_RATE(Stage.ROUND_FINAL),
    /**
     * Profit (conversion value − cost) per impression: the reward before the learner's own
     * normalisation, made comparable across rounds of different traffic.
     */
    PROFIT_PER_IMPRESSION(Stage.ROUND_FINAL);

    /** When a round's value of a metric is known. */
    public enum Stage {
        /** At the round's end: traffic and spend. */
        ROUND_END,
        /** At the round's final time (end plus attribution window): conversions. */
        ROUND_FINAL
    }

    private final Stage stage;

    DriftMetric(Stage stage) {
        this.stage = stage;
    }

    public Stage stage() {
        return stage;
    }

    /**
     * Whether the bid a product plays moves the metric by itself: the clicks an ad gets per
     * impression (its position), what a click costs, and so the profit per impression. Device mix
     * and conversions per click are the shoppers', whatever the bid.
     */
    public boolean dependsOnBid() {
        return this == CTR || this == CPC || this == PROFIT_PER_IMPRESSION;
    }

    public static List<DriftMetric> of(Stage stage) {
        return Arrays.stream(values()).filter(m -> m.stage == stage).toList();
    }

    public double of(RoundOutcome o) {
        return switch (this) {
            case CTR -> ratio(o.clicks(), o.impressions());
            case MOBILE_SHARE -> ratio(o.mobileImpressions(), o.impressionsWithDevice());
            case CPC -> ratio(o.cost(), o.clicks());
            case CONVERSION_RATE -> ratio(o.conversions(), o.clicks());
            case PROFIT_PER_IMPRESSION -> ratio(o.profit(), o.impressions());
        };
    }

    /**
     * How much traffic a round's value stands for: its denominator (impressions, or clicks, or the
     * impressions that reported a device). A ratio over few of them is noisy, and the residuals
     * ({@link BidResiduals}) weigh it by this.
     */
    public double weightOf(RoundOutcome o) {
        return switch (this) {
            case CTR, PROFIT_PER_IMPRESSION -> o.impressions();
            case MOBILE_SHARE -> o.impressionsWithDevice();
            case CPC, CONVERSION_RATE -> o.clicks();
        };
    }

    private static double ratio(double numerator, double denominator) {
        return denominator > 0 ? numerator / denominator : Double.NaN;
    }
}
