package io.banditflow.job.operator;

import io.banditflow.core.landscape.ValueEvidence;
import io.banditflow.core.reward.RoundOutcome;

/**
 * One product's round as value evidence for its pool key ({@link ValueEvidence#poolKey}): the
 * clicks, attributed conversions and their value, and the conversions' delays from their clicks;
 * when final, or ({@code mature}) as it stood at its batch's mature time.
 */
public record ValueRound(
        String poolKey,
        String productId,
        long round,
        long clicks,
        long conversions,
        double value,
        long[] conversionDelays,
        boolean mature) {

    /** The final round of a product of {@code category} (null: none). */
    public static ValueRound of(String category, RoundOutcome outcome) {
        return new ValueRound(
                ValueEvidence.poolKey(category, outcome.productId()),
                outcome.productId(),
                outcome.round(),
                outcome.clicks(),
                outcome.conversions(),
                outcome.conversionValue(),
                outcome.conversionDelays(),
                false);
    }

    /**
     * A round of a product of {@code category} (null: none) as it stood at its batch's mature time:
     * its clicks, and the conversions and value that had come by then (no delays: the delay model
     * is learned from final rounds).
     */
    public static ValueRound mature(
            String category,
            String productId,
            long round,
            long clicks,
            long conversions,
            double value) {
        return new ValueRound(
                ValueEvidence.poolKey(category, productId),
                productId,
                round,
                clicks,
                conversions,
                value,
                null,
                true);
    }
}
