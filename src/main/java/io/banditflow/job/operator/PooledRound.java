package io.banditflow.job.operator;

import io.banditflow.core.pool.CategoryPooling;

/** One product's final round as evidence for its category's pool. */
public record PooledRound(String category, CategoryPooling.Evidence evidence) {}
