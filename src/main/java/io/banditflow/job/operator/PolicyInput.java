package io.banditflow.job.operator;

import io.banditflow.core.drift.DriftSignal;
import io.banditflow.core.event.CatalogEntry;
import io.banditflow.core.reward.RoundOutcome;

/**
 * The policy operator's keyed input: a final round outcome, a round's spend at its end, a sign of
 * activity, the product's drift signal or its catalog record. A POJO with one field set, so all
 * kinds share one keyed stream and Flink's POJO serializer.
 */
public class PolicyInput {
    public RoundOutcome outcome;
    public RoundOutcome roundEnd;
    public CatalogEntry catalog;
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

    /** A round's outcome as known at its end: its spend, for the guardrails. */
    public static PolicyInput atRoundEnd(RoundOutcome roundEnd) {
        PolicyInput input = new PolicyInput();
        input.roundEnd = roundEnd;
        return input;
    }

    public static PolicyInput of(CatalogEntry catalog) {
        PolicyInput input = new PolicyInput();
        input.catalog = catalog;
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
        if (roundEnd != null) {
            return roundEnd.productId();
        }
        if (catalog != null) {
            return catalog.productId();
        }
        return activity != null ? activity.productId() : drift.productId();
    }
}
