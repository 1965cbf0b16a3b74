package io.banditflow.job.operator;

import io.banditflow.core.drift.DriftSignal;
import io.banditflow.core.reward.RoundOutcome;

/**
 * The policy operator's keyed input: a final round outcome, a sign of activity or the product's
 * drift signal. A POJO with one field set, so all kinds share one keyed stream and Flink's POJO
 * serializer.
 */
public class PolicyInput {
    public RoundOutcome outcome;
    public ProductActivity activity;
    public DriftSignal drift;

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

    public static PolicyInput of(DriftSignal drift) {
        PolicyInput input = new PolicyInput();
        input.drift = drift;
        return input;
    }

    public String productId() {
        if (outcome != null) {
            return outcome.productId();
        }
        return activity != null ? activity.productId() : drift.productId();
    }
}
