package io.banditflow.job.operator;

import io.banditflow.core.reward.RoundOutcome;

/**
 * The policy operator's keyed input: either a final round outcome or a sign of activity. A POJO
 * with one field set, so both kinds share one keyed stream and Flink's POJO serializer.
 */
public class PolicyInput {
    public RoundOutcome outcome;
    public ProductActivity activity;

    public static PolicyInput of(RoundOutcome outcome) {
        PolicyInput input = new PolicyInput();
        input.outcome = outcome;
        return input;
    }

    public static PolicyInput of(ProductActivity activity) {
        PolicyInput input = new PolicyInput();
        input.activity = activity;
        return input;
    }

    public String productId() {
        return outcome != null ? outcome.productId() : activity.productId();
    }
}
