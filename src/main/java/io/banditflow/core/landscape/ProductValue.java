package io.banditflow.core.landscape;

/**
 * One product's value evidence as its population pools it: the clicks, attributed conversions and
 * conversion value of its final rounds, discounted to {@link #batch} ({@link ValueEvidence}). A
 * POJO (public fields, no-arg constructor) for Flink keyed state.
 */
public class ProductValue {
    public double clicks;
    public double conversions;
    public double value;

    /** The batch the sums are discounted to. */
    public long batch;

    public ProductValue() {}

    ProductValue(double clicks, double conversions, double value, long batch) {
        this.clicks = clicks;
        this.conversions = conversions;
        this.value = value;
        this.batch = batch;
    }
}
