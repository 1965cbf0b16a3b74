package io.banditflow.job.operator;

/**
 * The pacing dual variable λ after a round's spend was known: in force for every decision made from
 * the round's end on, until the next round's level.
 */
public record PacingLevel(long round, double lambda) {}
