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

    /**
     * Σ V_r² / s_r over its rounds with a sale (s_r sales of total value V_r), and how many rounds
     * those were: what tells a product's sales' spread from its population's ({@link ValueSpread}).
     * Zero in evidence kept before them (state format 12), which then counts as no such rounds.
     */
    public double roundSquares;

    public double salesRounds;

    /** The batch the sums are discounted to. */
    public long batch;

    public ProductValue() {}

    ProductValue(
            double clicks,
            double conversions,
            double value,
            double roundSquares,
            double salesRounds,
            long batch) {
        this.clicks = clicks;
        this.conversions = conversions;
        this.value = value;
        this.roundSquares = roundSquares;
        this.salesRounds = salesRounds;
        this.batch = batch;
    }
}
