package io.banditflow.core.context;

/**
 * A product's clicks and conversions of its final rounds, exponentially discounted per batch: the
 * only recent conversion rate that is known at a decision (conversions are final only once the
 * attribution window has passed). A POJO, for Flink state.
 */
public class RecentConversions {
    /** Each batch keeps this share of the evidence before it: a half-life of one batch. */
    public static final double KEEP_PER_BATCH = 0.5;

    public double clicks;
    public double conversions;

    /** Adds a final batch's clicks and conversions. */
    public void addBatch(long batchClicks, long batchConversions) {
        clicks = KEEP_PER_BATCH * clicks + batchClicks;
        conversions = KEEP_PER_BATCH * conversions + batchConversions;
    }
}
