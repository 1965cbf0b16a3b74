package io.banditflow.job.operator;

/** A product was seen at an event time: it is alive and should get decisions. */
public record ProductActivity(String productId, long eventTime) {}
