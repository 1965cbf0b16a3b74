package io.banditflow.job.operator.policy;

import io.banditflow.core.drift.DriftSignal;
import io.banditflow.core.drift.MarketEvidence;
import io.banditflow.core.event.CatalogEntry;
import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.reward.RoundOutcome;
import io.banditflow.job.operator.ProductActivity;
import io.banditflow.job.serde.UnionTypeInfo;
import io.banditflow.job.source.ReceivedRequest;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * The policy operator's keyed input, one of: a final round outcome, a round's spend at its end, a
 * sign of activity, the product's drift signal or its catalog record, a conversion as it arrives
 * (for a learner that learns from rounds not yet final), and in requests mode a decision request or
 * feedback to join to one. All kinds share one keyed stream, written with {@link #TYPE}; the
 * operator handles them in one switch over {@link #kind()}.
 */
public sealed interface PolicyInput {
    /** The kinds of input, in the order of their variants on the wire. */
    enum Kind {
        OUTCOME,
        ROUND_END,
        ACTIVITY,
        CATALOG,
        DRIFT,
        REQUEST,
        FEEDBACK,
        CONVERSION,
        EVIDENCE
    }

    TypeInformation<PolicyInput> TYPE =
            UnionTypeInfo.of(
                    PolicyInput.class,
                    Outcome.class,
                    RoundEnd.class,
                    Activity.class,
                    Catalog.class,
                    Drift.class,
                    Request.class,
                    Feedback.class,
                    Conversion.class,
                    Evidence.class);

    Kind kind();

    String productId();

    /** A round's final outcome: what its batch update learns from. */
    record Outcome(RoundOutcome outcome) implements PolicyInput {
        public Kind kind() {
            return Kind.OUTCOME;
        }

        public String productId() {
            return outcome.productId();
        }
    }

    /** A round's outcome as known at its end: its spend, for the guardrails and the context. */
    record RoundEnd(RoundOutcome outcome) implements PolicyInput {
        public Kind kind() {
            return Kind.ROUND_END;
        }

        public String productId() {
            return outcome.productId();
        }
    }

    /** The earliest event of a round seen by one subtask: activation and inactivity. */
    record Activity(ProductActivity activity) implements PolicyInput {
        public Kind kind() {
            return Kind.ACTIVITY;
        }

        public String productId() {
            return activity.productId();
        }
    }

    record Catalog(CatalogEntry entry) implements PolicyInput {
        public Kind kind() {
            return Kind.CATALOG;
        }

        public String productId() {
            return entry.productId();
        }
    }

    /** The product's own drift signal. */
    record Drift(DriftSignal signal) implements PolicyInput {
        public Kind kind() {
            return Kind.DRIFT;
        }

        public String productId() {
            return signal.productId();
        }
    }

    /** A decision request, answered at once (requests mode). */
    record Request(ReceivedRequest request) implements PolicyInput {
        public Kind kind() {
            return Kind.REQUEST;
        }

        public String productId() {
            return request.productId();
        }
    }

    /** Feedback that echoes a decision id, to be joined to its request (requests mode). */
    record Feedback(FeedbackEvent event) implements PolicyInput {
        public Kind kind() {
            return Kind.FEEDBACK;
        }

        public String productId() {
            return event.productId();
        }
    }

    /**
     * A conversion as it arrives, for a learner that learns value per click before the round is
     * final ({@code OpenRounds}).
     */
    record Conversion(FeedbackEvent event) implements PolicyInput {
        public Kind kind() {
            return Kind.CONVERSION;
        }

        public String productId() {
            return event.productId();
        }
    }

    /** The product's evidence for market-wide drift alarms ({@link MarketEvidence}). */
    record Evidence(MarketEvidence evidence) implements PolicyInput {
        public Kind kind() {
            return Kind.EVIDENCE;
        }

        public String productId() {
            return evidence.productId();
        }
    }

    static PolicyInput of(MarketEvidence evidence) {
        return new Evidence(evidence);
    }

    static PolicyInput conversion(FeedbackEvent event) {
        return new Conversion(event);
    }

    static PolicyInput of(RoundOutcome outcome) {
        return new Outcome(outcome);
    }

    static PolicyInput atRoundEnd(RoundOutcome roundEnd) {
        return new RoundEnd(roundEnd);
    }

    static PolicyInput of(ProductActivity activity) {
        return new Activity(activity);
    }

    static PolicyInput of(CatalogEntry catalog) {
        return new Catalog(catalog);
    }

    static PolicyInput of(DriftSignal drift) {
        return new Drift(drift);
    }

    static PolicyInput of(ReceivedRequest request) {
        return new Request(request);
    }

    static PolicyInput feedback(FeedbackEvent event) {
        return new Feedback(event);
    }
}
