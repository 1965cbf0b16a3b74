package io.banditflow.core.drift;

/**
 * A scope's per-round values of a metric, with the bid each round played (NaN where it is not
 * known) and the traffic each value stands for ({@link DriftMetric#weightOf}); {@code bids} and
 * {@code weights} null for values that are residuals already (the market-wide scope's), weights
 * null for values of equal weight.
 */
public record BidValues(double[] values, double[] bids, double[] weights) {
    public BidValues {
        if ((bids != null && bids.length != values.length)
                || (weights != null && weights.length != values.length)) {
            throw new IllegalArgumentException("one bid and one weight per value");
        }
    }

    /** Values of equal weight with their bids. */
    public BidValues(double[] values, double[] bids) {
        this(values, bids, null);
    }

    /** Values without bids. */
    public static BidValues of(double[] values) {
        return new BidValues(values, null, null);
    }

    /** The weight of value i: 1 without weights. */
    public double weight(int i) {
        return weights == null ? 1 : weights[i];
    }

    public int size() {
        return values.length;
    }
}
