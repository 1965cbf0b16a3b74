package io.banditflow.core.policy;

import io.banditflow.core.guard.Guardrail;

/**
 * A bid for one product and round, with everything an auditor or an off-policy evaluator needs: the
 * propensity of the chosen bid and how it was obtained, the whole distribution it was drawn from,
 * the policy version that drew it, the guardrails that bound it, and the round's context. The
 * decision id is a function of job, product and round, so a round that is decided again (after a
 * restore) carries the same id and consumers can deduplicate.
 */
public record Decision(
        String decisionId,
        String job,
        String productId,
        long round,
        long roundStart,
        long roundEnd,
        long decidedAt,
        double bid,
        int arm,
        double propensity,
        double[] bids,
        double[] probabilities,
        String algorithm,
        long policyVersion,
        PropensityMethod propensityMethod,
        double propensityError,
        DecisionMode mode,
        String reason,
        Guardrail[] guardrails,
        int lowestArm,
        int highestArm,
        double[] context) {

    public static String idOf(String job, String productId, long round) {
        return job + "/" + productId + "/" + round;
    }

    /** What the learner keeps of this decision for its update; the context only if it uses one. */
    public PlayedRound played(boolean withContext) {
        return new PlayedRound(
                round,
                arm,
                bid,
                propensity,
                decisionId,
                lowestArm,
                highestArm,
                withContext ? context : null);
    }
}
