package io.banditflow.job.operator.policy;

import io.banditflow.core.event.LateReason;
import io.banditflow.core.guard.Guardrail;
import io.banditflow.core.policy.Decision;
import io.banditflow.core.policy.DecisionMode;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The policy operator's metrics, registered once per subtask (README, "Metrics"): decisions by
 * mode, guardrails that bound them, batch updates, learners started, traffic without a decision, a
 * rollback's replay, and in requests mode the requests, their latency and unjoined feedback.
 */
final class PolicyMetrics {
    /** The latency histogram's window: the statistics of the last this many answers. */
    private static final int LATENCY_SAMPLES = 10_000;

    private final Map<DecisionMode, Counter> decisions = new EnumMap<>(DecisionMode.class);
    private final Map<Guardrail, Counter> guardrailHits = new EnumMap<>(Guardrail.class);
    private final Counter batchUpdates;
    private final Counter learnersStartedFromCategory;
    private final Counter learnersStartedFromScratch;
    private final Counter outcomesWithoutDecision;
    private final Counter loggedDecisionsReplayed;
    private final Counter loggedDecisionsNotLearnable;
    private final Counter loggedDecisionsNotReached;

    private Histogram requestLatency;
    private Counter requestsLearned;
    private Counter requestsTooLateToLearn;
    private Counter duplicateRequests;
    private final Map<LateReason, Counter> unjoinedFeedback = new EnumMap<>(LateReason.class);

    PolicyMetrics(MetricGroup metrics, boolean requestsMode) {
        for (DecisionMode mode : DecisionMode.values()) {
            decisions.put(mode, metrics.addGroup("mode", mode.name()).counter("decisions"));
        }
        for (Guardrail g : Guardrail.values()) {
            guardrailHits.put(g, metrics.addGroup("guardrail", g.name()).counter("guardrailBound"));
        }
        batchUpdates = metrics.counter("batchUpdates");
        learnersStartedFromCategory = metrics.counter("learnersStartedFromCategory");
        learnersStartedFromScratch = metrics.counter("learnersStartedFromScratch");
        outcomesWithoutDecision = metrics.counter("outcomesWithoutDecision");
        loggedDecisionsReplayed = metrics.counter("loggedDecisionsReplayed");
        loggedDecisionsNotLearnable = metrics.counter("loggedDecisionsNotLearnable");
        loggedDecisionsNotReached = metrics.counter("loggedDecisionsNotReached");
        if (requestsMode) {
            requestLatency =
                    metrics.histogram(
                            "requestLatencyMicros",
                            new DescriptiveStatisticsHistogram(LATENCY_SAMPLES));
            requestsLearned = metrics.counter("requestsLearned");
            requestsTooLateToLearn = metrics.counter("requestsTooLateToLearn");
            duplicateRequests = metrics.counter("duplicateRequests");
            for (LateReason reason :
                    List.of(LateReason.AFTER_REQUEST_FINAL, LateReason.NO_OPEN_REQUEST)) {
                unjoinedFeedback.put(
                        reason,
                        metrics.addGroup("reason", reason.name()).counter("unjoinedFeedback"));
            }
        }
    }

    /** A decision emitted: its mode and every guardrail that bound it. */
    void emitted(Decision decision) {
        for (Guardrail g : decision.guardrails()) {
            guardrailHits.get(g).inc();
        }
        decisions.get(decision.mode()).inc();
    }

    void batchUpdated() {
        batchUpdates.inc();
    }

    void learnerStarted(boolean fromCategory) {
        (fromCategory ? learnersStartedFromCategory : learnersStartedFromScratch).inc();
    }

    void outcomesWithoutDecision(int rounds) {
        outcomesWithoutDecision.inc(rounds);
    }

    void loggedDecisionReplayed() {
        loggedDecisionsReplayed.inc();
    }

    void loggedDecisionNotLearnable() {
        loggedDecisionsNotLearnable.inc();
    }

    void loggedDecisionsNotReached(int decisions) {
        loggedDecisionsNotReached.inc(decisions);
    }

    void requestAnswered(long latencyMicros) {
        requestLatency.update(latencyMicros);
    }

    void requestsLearned(int requests) {
        requestsLearned.inc(requests);
    }

    void requestTooLateToLearn() {
        requestsTooLateToLearn.inc();
    }

    void duplicateRequest() {
        duplicateRequests.inc();
    }

    void unjoined(LateReason reason) {
        unjoinedFeedback.get(reason).inc();
    }
}
