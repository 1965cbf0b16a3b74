package io.banditflow.job.operator;

import io.banditflow.core.drift.DriftMetric;

/**
 * One product's judged round as the market-wide monitor sees it: the residual of each metric of the
 * stage that its own model could judge ({@link io.banditflow.core.drift.BidResiduals}), by metric
 * ordinal, NaN where none. Sent for every judged round, so the market-wide monitor judges every
 * round that had traffic.
 */
public record RoundResiduals(
        String productId, long round, DriftMetric.Stage stage, double[] residuals) {}
