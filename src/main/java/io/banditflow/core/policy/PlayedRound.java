package io.banditflow.core.policy;

/**
 * What was played in a round, as logged with the decision: the arm, its bid and the probability the
 * policy in force gave it. The batch update learns from these, never from a re-derived choice.
 */
public record PlayedRound(long round, int arm, double bid, double propensity, String decisionId) {}
