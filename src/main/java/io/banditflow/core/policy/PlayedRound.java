package io.banditflow.core.policy;

/**
 * What was played in a round, as logged with the decision: the arm, its bid and the probability the
 * policy in force gave it, the arms the guardrails allowed, and the context a contextual learner
 * chose with. The batch update learns from these, never from a re-derived choice.
 *
 * @param lowestArm the lowest arm the policy could play in this round (bid bounds)
 * @param highestArm the highest (bid bounds, CPC anomaly guard)
 * @param context the round's features for a contextual learner; null for the others (and in state
 *     written before the field existed)
 */
public record PlayedRound(
        long round,
        int arm,
        double bid,
        double propensity,
        String decisionId,
        int lowestArm,
        int highestArm,
        double[] context) {

    /** A round of a learner without context. */
    public PlayedRound(
            long round,
            int arm,
            double bid,
            double propensity,
            String decisionId,
            int lowestArm,
            int highestArm) {
        this(round, arm, bid, propensity, decisionId, lowestArm, highestArm, null);
    }

    /** A round in which every arm of the grid could be played. */
    public PlayedRound(long round, int arm, double bid, double propensity, String decisionId) {
        this(round, arm, bid, propensity, decisionId, 0, Integer.MAX_VALUE);
    }
}
