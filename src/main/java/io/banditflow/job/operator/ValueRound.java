package io.banditflow.job.operator;

import io.banditflow.core.landscape.ValueEvidence;
import io.banditflow.core.reward.RoundOutcome;

/**
 * One product's final round as value evidence for its pool key ({@link ValueEvidence#poolKey}): the
 * clicks, attributed conversions and their value, and the conversions' delays from their clicks.
 */
public record ValueRound(
        String poolKey,
        String productId,
        long round,
        long clicks,
        long conversions,
        double value,
        long[] conversionDelays) {

    /** The final round of a product of {@code category} (null: none). */
    public static ValueRound of(String category, RoundOutcome outcome) {
        return new ValueRound(
                ValueEvidence.poolKey(category, outcome.productId()),
                outcome.productId(),
                outcome.round(),
                outcome.clicks(),
                outcome.conversions(),
                outcome.conversionValue(),
                outcome.conversionDelays());
    }
}
