package io.banditflow.job.operator;

import io.banditflow.core.drift.BottomKSample;
import io.banditflow.core.drift.DriftMetric;

/**
 * One shard's bounded sample of the products' residuals in a round and stage, per metric ordinal
 * (null where the stage does not judge it): the first phase of the market-wide monitor, merged
 * exactly by the second.
 */
public record ResidualSample(DriftMetric.Stage stage, long round, BottomKSample[] samples) {}
