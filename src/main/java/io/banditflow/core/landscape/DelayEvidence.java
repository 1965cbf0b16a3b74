package io.banditflow.core.landscape;

/**
 * The conversion delays of one pool key's final rounds ({@link ValueEvidence#poolKey}), counted per
 * bin of the attribution window ({@link io.banditflow.core.reward.DelayModel}) and discounted to
 * {@link #batch} as the value evidence is. A POJO (public fields, no-arg constructor) for Flink
 * keyed state.
 */
public class DelayEvidence {
    public double[] bins;

    /** The batch the counts are discounted to. */
    public long batch;

    public DelayEvidence() {}

    DelayEvidence(double[] bins, long batch) {
        this.bins = bins;
        this.batch = batch;
    }
}
