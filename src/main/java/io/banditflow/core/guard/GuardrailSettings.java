package io.banditflow.core.guard;

import java.io.Serializable;
import java.util.Map;

/**
 * The guardrails of a job (docs/algorithms.md, "Budget and guardrails").
 *
 * @param minBid lowest bid any product may play (the grid's lowest when unset)
 * @param maxBid highest bid any product may play (the grid's highest when unset)
 * @param productBidBounds per product, {min, max} overriding the job-wide bounds
 * @param productDailySpendCap a product's spend per UTC day after which it bids the floor; infinite
 *     for none
 * @param dailySpendCap spend per UTC day over all products after which every product bids the
 *     floor; infinite for none
 * @param cpcSpikeFactor a round whose CPC exceeds this multiple of the product's median CPC is a
 *     spike; infinite for no guard
 * @param cpcTrailingRounds rounds of CPC history behind the median
 * @param cpcMinClicks clicks a round needs for its CPC to count
 * @param cpcMinRounds rounds with a CPC needed before spikes are judged
 * @param explorationShare the share of a product's spend today that may go to bids other than the
 *     learner's current best; once reached, the product bids its best until the day ends. 1 for no
 *     cap
 */
public record GuardrailSettings(
        double minBid,
        double maxBid,
        Map<String, double[]> productBidBounds,
        double productDailySpendCap,
        double dailySpendCap,
        double cpcSpikeFactor,
        int cpcTrailingRounds,
        int cpcMinClicks,
        int cpcMinRounds,
        double explorationShare)
        implements Serializable {

    /** No guardrail at all. */
    public static GuardrailSettings none() {
        return new GuardrailSettings(
                0,
                Double.POSITIVE_INFINITY,
                Map.of(),
                Double.POSITIVE_INFINITY,
                Double.POSITIVE_INFINITY,
                Double.POSITIVE_INFINITY,
                56,
                3,
                8,
                1);
    }
}
