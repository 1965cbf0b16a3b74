package io.banditflow.job.operator;

import io.banditflow.core.drift.DriftMetric;
import io.banditflow.core.reward.RoundOutcome;

/** A round outcome as known at a stage: when the round ended, or when it was final. */
public record StagedOutcome(DriftMetric.Stage stage, RoundOutcome outcome) {
    public String productId() {
        return outcome.productId();
    }
}
