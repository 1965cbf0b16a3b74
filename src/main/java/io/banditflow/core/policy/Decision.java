package io.banditflow.core.policy;

import io.banditflow.core.guard.Guardrail;

/**
 * A bid for one product and round, or for one request of the product, with everything an auditor or
 * an off-policy evaluator needs: the propensity of the chosen bid and how it was obtained, the
 * whole distribution it was drawn from, the policy version that drew it, the guardrails that bound
 * it, and the context. The decision id is a function of job, product and round (or request, {@link
 * DecisionSlot#decisionId}), so a round or request that is decided again (after a restore) carries
 * the same id and consumers can deduplicate.
 *
 * @param requestId the request answered, or null for a round's decision
 * @param variant the policy variant that made this decision: the experiment variant of the product,
 *     or on the shadow topic the shadow policy's name; null for a job without either
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
        double[] context,
        String requestId,
        String variant) {

    /** The same decision as made by a variant: an experiment's, or a shadow policy's. */
    public Decision withVariant(String name) {
        return new Decision(
                decisionId,
                job,
                productId,
                round,
                roundStart,
                roundEnd,
                decidedAt,
                bid,
                arm,
                propensity,
                bids,
                probabilities,
                algorithm,
                policyVersion,
                propensityMethod,
                propensityError,
                mode,
                reason,
                guardrails,
                lowestArm,
                highestArm,
                context,
                requestId,
                name);
    }

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
