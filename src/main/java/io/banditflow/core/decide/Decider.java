package io.banditflow.core.decide;

import io.banditflow.core.guard.Guardrail;
import io.banditflow.core.policy.BidPolicy;
import io.banditflow.core.policy.Decision;
import io.banditflow.core.policy.DecisionMode;
import io.banditflow.core.policy.DecisionSlot;
import io.banditflow.core.policy.Learner;
import io.banditflow.core.policy.PolicyState;
import io.banditflow.core.policy.RecoveryAction;

/**
 * Turns a {@link Verdict} into the slot's decision with the product's policy, and tracks drift
 * fallback: a fallback decision starts it, and the first decision from the learner after it applies
 * the configured recovery to the learner first ({@code drift.onRecovery}). The state object may be
 * changed (a recovery); storing it is the caller's.
 */
public final class Decider {
    private final BidPolicy policy;
    private final RecoveryAction onRecovery;
    private final double recoveryDecay;

    public Decider(BidPolicy policy, RecoveryAction onRecovery, double recoveryDecay) {
        this.policy = policy;
        this.onRecovery = onRecovery;
        this.recoveryDecay = recoveryDecay;
    }

    /**
     * A decision and what it did to the product's drift bookkeeping.
     *
     * @param inFallback whether the product is in drift fallback after this decision
     * @param recovered whether a recovery changed the learner state (to be stored)
     */
    public record Decided(Decision decision, boolean inFallback, boolean recovered) {}

    /**
     * The decision of a slot under its verdict.
     *
     * @param inFallback whether the product was in drift fallback before this slot
     */
    public Decided decide(
            DecisionSlot slot,
            PolicyState state,
            boolean inFallback,
            Verdict verdict,
            double[] context) {
        return decide(slot, state, inFallback, verdict, context, 0);
    }

    /**
     * The same under the budget pacer's λ in force at the slot's decision time (0 without pacing;
     * {@link io.banditflow.core.policy.Learner#weighsCostWhenDeciding}).
     */
    public Decided decide(
            DecisionSlot slot,
            PolicyState state,
            boolean inFallback,
            Verdict verdict,
            double[] context,
            double pacingLambda) {
        Guardrail[] guardrails = verdict.guardrails().toArray(Guardrail[]::new);
        // Java 17: no pattern switch; the verdicts are sealed, so this chain is exhaustive
        if (verdict instanceof Verdict.NoBid noBid) {
            return new Decided(
                    policy.noBid(slot, state, noBid.mode(), noBid.reason(), guardrails, context),
                    inFallback,
                    false);
        }
        if (verdict instanceof Verdict.FixedBid fixed) {
            return new Decided(
                    policy.fixed(
                            slot,
                            fixed.arm(),
                            state,
                            fixed.mode(),
                            fixed.reason(),
                            guardrails,
                            context),
                    inFallback || fixed.mode() == DecisionMode.FALLBACK,
                    false);
        }
        boolean recovered = recoverIf(inFallback, state);
        if (verdict instanceof Verdict.BestBid best) {
            int arm =
                    policy.learner()
                            .bestArm(
                                    state,
                                    context,
                                    best.lowestArm(),
                                    best.highestArm(),
                                    Learner.Conditions.of(slot, pacingLambda));
            return new Decided(
                    policy.fixed(
                            slot,
                            arm,
                            state,
                            DecisionMode.EXPLOITING,
                            best.reason(),
                            guardrails,
                            context),
                    false,
                    recovered);
        }
        Verdict.Learn learn = (Verdict.Learn) verdict;
        return new Decided(
                policy.decide(
                        slot,
                        state,
                        context,
                        learn.lowestArm(),
                        learn.highestArm(),
                        guardrails,
                        pacingLambda),
                false,
                recovered);
    }

    /**
     * Tracks drift fallback for a decision taken from the decision topic instead of deciding (a
     * rollback's replay): a logged fallback starts it, a logged decision of the learner ends it
     * with the same recovery as deciding.
     */
    public Decided replayed(Decision logged, PolicyState state, boolean inFallback) {
        if (logged.mode() == DecisionMode.FALLBACK) {
            return new Decided(logged, true, false);
        }
        boolean fromLearner =
                logged.mode() == DecisionMode.LEARNED || logged.mode() == DecisionMode.EXPLOITING;
        if (fromLearner && inFallback) {
            return new Decided(logged, false, recoverIf(true, state));
        }
        return new Decided(logged, inFallback, false);
    }

    private boolean recoverIf(boolean inFallback, PolicyState state) {
        if (!inFallback) {
            return false;
        }
        policy.recover(state, onRecovery, recoveryDecay);
        return true;
    }
}
