package io.banditflow.job.operator;

/** Impressions of all products in one round, final once the round's window has closed. */
public record TrafficTotal(long round, long impressions) {}
