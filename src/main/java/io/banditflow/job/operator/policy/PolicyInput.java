package io.banditflow.job.operator.policy;

import io.banditflow.core.drift.DriftSignal;
import io.banditflow.core.event.CatalogEntry;
import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.reward.RoundOutcome;
import io.banditflow.job.operator.ProductActivity;
import io.banditflow.job.source.ReceivedRequest;

/**
 * The policy operator's keyed input: a final round outcome, a round's spend at its end, a sign of
 * activity, the product's drift signal or its catalog record, and in requests mode a decision
 * request or feedback to join to one. A POJO with one field set, so all kinds share one keyed
 * stream and Flink's POJO serializer.
 */
public class PolicyInput {
    public RoundOutcome outcome;
    public RoundOutcome roundEnd;
    public CatalogEntry catalog;
    public ProductActivity activity;
    public DriftSignal drift;
    public ReceivedRequest request;
    public FeedbackEvent feedback;

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

    /** A decision request, answered at once (requests mode). */
    public static PolicyInput of(ReceivedRequest request) {
        PolicyInput input = new PolicyInput();
        input.request = request;
        return input;
    }

    /** Feedback that echoes a decision id, to be joined to its request (requests mode). */
    public static PolicyInput feedback(FeedbackEvent event) {
        PolicyInput input = new PolicyInput();
        input.feedback = event;
        return input;
    }

    public String productId() {
        if (request != null) {
            return request.productId();
        }
        if (feedback != null) {
            return feedback.productId();
        }
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
