package io.banditflow.job.operator;

import io.banditflow.core.drift.DriftAction;
import io.banditflow.core.drift.DriftSignal;
import java.util.List;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The drift monitors' counters: evaluations, breaches and recoveries. The share of products in
 * fallback is read from the policy's decisions per mode, which survive restores, unlike a gauge
 * rebuilt from counters.
 */
final class DriftMetrics {
    private final Counter evaluations;
    private final Counter breaches;
    private final Counter recoveries;

    DriftMetrics(MetricGroup group) {
        evaluations = group.counter("driftEvaluations");
        breaches = group.counter("driftBreaches");
        recoveries = group.counter("driftRecoveries");
    }

    void evaluated(List<DriftSignal> signals) {
        evaluations.inc();
        for (DriftSignal signal : signals) {
            if (signal.action() == DriftAction.FALLBACK) {
                breaches.inc();
            } else {
                recoveries.inc();
            }
        }
    }
}
