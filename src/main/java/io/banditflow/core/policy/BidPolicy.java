package io.banditflow.core.policy;

import io.banditflow.core.bid.BidGrid;
import io.banditflow.core.guard.BudgetPacer;
import io.banditflow.core.guard.Guardrail;
import io.banditflow.core.landscape.OpenValue;
import io.banditflow.core.landscape.Population;
import io.banditflow.core.reward.RewardNormaliser;
import io.banditflow.core.reward.RoundOutcome;
import java.util.ArrayList;
import java.util.List;

/**
 * One product's bidding policy: a {@link Learner} over a bid grid, fed with rewards normalised by
 * the time-of-day traffic share and the product's own profit range, and the decisions it logs.
 *
 * <p>Order of use: {@link #newState} once per product (and {@link #ensureLearner} on every state
 * read back, which may come from another learner); {@link #decide} at each round's decision time;
 * {@link #applyBatch} once per batch, when the batch's feedback is final. Randomness comes only
 * from the seed of the decision's {@link DecisionSlot} (product and round, or product and request),
 * so decisions are a pure function of the state, the context and the slot.
 */
public final class BidPolicy {
    private final String job;
    private final BidGrid grid;
    private final Learner learner;
    private final RewardNormaliser normaliser;
    private final long seed;

    /**
     * @param learner the learner, or null for the baseline policy, which never learns: every round
     *     is a fixed bid
     */
    public BidPolicy(
            String job, BidGrid grid, Learner learner, RewardNormaliser normaliser, long seed) {
        this.job = job;
        this.grid = grid;
        this.learner = learner;
        this.normaliser = normaliser;
        this.seed = seed;
    }

    public BidGrid grid() {
        return grid;
    }

    public Learner learner() {
        return learner;
    }

    /** Whether a learner decides; false for the baseline policy. */
    public boolean learns() {
        return learner != null;
    }

    /**
     * Whether a budget pacer's λ paces this policy's bids as it decides ({@link
     * Learner#weighsCostWhenDeciding}): then the global cap stays a hard stop and is not throttled
     * ({@link io.banditflow.core.guard.SpendThrottle}); a policy whose bids follow λ only through
     * what it learns (the scalar learners) or not at all (the baseline) is throttled.
     */
    public boolean pacedAsItDecides() {
        return learner != null && learner.weighsCostWhenDeciding();
    }

    /** The name logged with every decision. */
    public String algorithm() {
        return learner == null ? "baseline" : learner.algorithm();
    }

    public PolicyState newState() {
        return newState(null);
    }

    /**
     * A new product's state, its learner started from {@code prior}, the pooled evidence of its
     * category, or from scratch when that is null.
     */
    public PolicyState newState(PooledPrior prior) {
        PolicyState state = new PolicyState();
        start(state, prior);
        if (keepsProfitHistory()) {
            state.profitHistory = normaliser.newHistory();
        }
        return state;
    }

    /** Whether {@code state} holds no model that fits the learner (see {@link #ensureLearner}). */
    public boolean needsStart(PolicyState state) {
        return learner != null && !learner.initialised(state);
    }

    public boolean ensureLearner(PolicyState state) {
        return ensureLearner(state, null);
    }

    /**
     * Starts the learner's model, from {@code prior} if not null, in a state that has none that
     * fits (written by another learner or for another grid, e.g. restored after a change of the job
     * file).
     *
     * @return whether the state was changed
     */
    public boolean ensureLearner(PolicyState state, PooledPrior prior) {
        if (learner == null || learner.initialised(state)) {
            return false;
        }
        start(state, prior);
        return true;
    }

    private void start(PolicyState state, PooledPrior prior) {
        if (learner == null) {
            return;
        }
        if (prior == null) {
            learner.initialise(state);
        } else {
            learner.initialise(state, prior);
            state.pooledFrom = prior.category();
        }
    }

    /**
     * A round's outcome as the learner learns it under pacing: its cost weighed by 1 + λ in force
     * when the round was decided, unless the learner weighs cost when deciding (then as it was).
     */
    public RoundOutcome asLearned(RoundOutcome outcome, double lambdaWhenDecided) {
        return lambdaWhenDecided == 0 || learner != null && learner.weighsCostWhenDeciding()
                ? outcome
                : BudgetPacer.paced(outcome, lambdaWhenDecided);
    }

    /** {@link #asLearned(RoundOutcome, double)} of each outcome with its round's λ. */
    public List<RoundOutcome> asLearned(List<RoundOutcome> outcomes, double[] lambdasWhenDecided) {
        List<RoundOutcome> learned = new ArrayList<>(outcomes.size());
        for (int t = 0; t < outcomes.size(); t++) {
            learned.add(asLearned(outcomes.get(t), lambdasWhenDecided[t]));
        }
        return learned;
    }

    /** What the learner keeps of a decision for its update. */
    public PlayedRound played(Decision decision) {
        return decision.played(learner != null && learner.contextual());
    }

    /** A decision from the learner over the whole grid, bound by no guardrail. */
    public Decision decide(DecisionSlot slot, PolicyState state, double[] context) {
        return decide(slot, state, context, 0, grid.size() - 1, new Guardrail[0]);
    }

    /**
     * A decision from the learner, restricted to the arms {@code lowestArm..highestArm} that the
     * guardrails allow, with the probability the learner gave the bid that was played among them.
     */
    public Decision decide(
            DecisionSlot slot,
            PolicyState state,
            double[] context,
            int lowestArm,
            int highestArm,
            Guardrail[] guardrails) {
        return decide(slot, state, context, lowestArm, highestArm, guardrails, 0);
    }

    /**
     * The same, under the budget pacer's λ in force at the slot's decision time (0 without pacing):
     * a learner that weighs cost when deciding weighs it by 1 + λ.
     */
    public Decision decide(
            DecisionSlot slot,
            PolicyState state,
            double[] context,
            int lowestArm,
            int highestArm,
            Guardrail[] guardrails,
            double pacingLambda) {
        if (learner == null) {
            throw new IllegalStateException("the baseline policy does not learn: use fixed()");
        }
        Learner.Choice choice =
                learner.choose(
                        state,
                        context,
                        lowestArm,
                        highestArm,
                        slot.seed(seed),
                        Learner.Conditions.of(slot, pacingLambda));
        return decision(
                slot,
                state,
                choice.arm(),
                choice.probabilities(),
                choice.method(),
                choice.propensityError(),
                DecisionMode.LEARNED,
                "chosen by policy version " + state.policyVersion,
                guardrails,
                lowestArm,
                highestArm,
                context);
    }

    /**
     * A decision that does not come from the learner: one bid with propensity 1, because the policy
     * in force for this slot is deterministic (drift fallback and kill switch: the baseline; a
     * spend cap: the floor). The learner never learns from such a decision: EXP3's estimator would
     * credit every other arm with a free reward.
     */
    public Decision fixed(
            DecisionSlot slot,
            int arm,
            PolicyState state,
            DecisionMode mode,
            String reason,
            Guardrail[] guardrails,
            double[] context) {
        double[] probabilities = new double[grid.size()];
        probabilities[arm] = 1;
        return decision(
                slot,
                state,
                arm,
                probabilities,
                PropensityMethod.EXACT,
                0,
                mode,
                reason,
                guardrails,
                arm,
                arm,
                context);
    }

    /**
     * A decision not to bid (a paused product, the kill switch's STOP_BIDDING): bid 0, no arm (−1),
     * propensity 1, and a distribution with no mass on any bid of the grid.
     */
    public Decision noBid(
            DecisionSlot slot,
            PolicyState state,
            DecisionMode mode,
            String reason,
            Guardrail[] guardrails,
            double[] context) {
        return decision(
                slot,
                state,
                -1,
                new double[grid.size()],
                PropensityMethod.EXACT,
                0,
                mode,
                reason,
                guardrails,
                -1,
                -1,
                context);
    }

    private Decision decision(
            DecisionSlot slot,
            PolicyState state,
            int arm,
            double[] probabilities,
            PropensityMethod method,
            double propensityError,
            DecisionMode mode,
            String reason,
            Guardrail[] guardrails,
            int lowestArm,
            int highestArm,
            double[] context) {
        return new Decision(
                slot.decisionId(job),
                job,
                slot.productId(),
                slot.round(),
                slot.roundStart(),
                slot.roundEnd(),
                slot.decidedAt(),
                arm < 0 ? 0 : grid.bid(arm),
                arm,
                arm < 0 ? 1 : probabilities[arm],
                grid.bids(),
                probabilities,
                algorithm(),
                state.policyVersion,
                method,
                propensityError,
                mode,
                reason,
                guardrails,
                lowestArm,
                highestArm,
                context,
                slot.requestId(),
                null);
    }

    /**
     * Applies a drift recovery to a product's learner ({@link Learner#recover}). The reward range
     * is kept unless the learner is reset: it is re-estimated from the trailing history anyway.
     */
    public void recover(PolicyState state, RecoveryAction action, double decay) {
        if (learner != null) {
            learner.recover(state, action, decay);
        }
        if (action == RecoveryAction.RESET && keepsProfitHistory()) {
            state.profitHistory = normaliser.newHistory();
        }
    }

    /**
     * Applies a complete batch: every played round's profit is divided by its period's traffic
     * share, added to the product's history, min–max normalised over the updated range, and fed to
     * the learner's update with what was logged when the bid was placed.
     *
     * @param played the rounds of the batch that were played, in round order
     * @param outcomes their final outcomes, aligned with {@code played} (empty ones for no traffic)
     * @param trafficShares c_h of each played round's period, aligned with {@code played}
     * @return the rewards X_t that were applied, aligned with {@code played}
     */
    public double[] applyBatch(
            PolicyState state,
            List<PlayedRound> played,
            List<RoundOutcome> outcomes,
            double[] trafficShares,
            long updateTime) {
        return applyBatch(state, played, outcomes, trafficShares, null, updateTime);
    }

    /**
     * {@link #applyBatch(PolicyState, List, List, double[], long)} with what the product's
     * population tells of value per click, for the learners that use it ({@link
     * LearningBatch#population}).
     */
    public double[] applyBatch(
            PolicyState state,
            List<PlayedRound> played,
            List<RoundOutcome> outcomes,
            double[] trafficShares,
            Population population,
            long updateTime) {
        return applyBatch(state, played, outcomes, trafficShares, population, updateTime, false);
    }

    /**
     * {@link #applyBatch(PolicyState, List, List, double[], Population, long)}, the rest of it only
     * ({@link Learner#learnFinal}) when {@code learnedWhenEnded}: its rounds were applied at their
     * end ({@link #applyEnded}).
     */
    public double[] applyBatch(
            PolicyState state,
            List<PlayedRound> played,
            List<RoundOutcome> outcomes,
            double[] trafficShares,
            Population population,
            long updateTime,
            boolean learnedWhenEnded) {
        int n = played.size();
        if (outcomes.size() != n || trafficShares.length != n) {
            throw new IllegalArgumentException("played, outcomes and shares must align");
        }
        double[] rewards = keepsProfitHistory() ? rewards(state, outcomes, trafficShares) : null;
        if (rewards == null) {
            rewards = new double[n];
            state.profitHistory = null; // a learner without rewards needs no history (448 B)
        }
        LearningBatch batch =
                new LearningBatch(played, outcomes, trafficShares, rewards, population);
        if (learnedWhenEnded) {
            learner.learnFinal(state, batch);
        } else {
            learner.learn(state, batch);
        }
        counted(state, played.size(), updateTime);
        return rewards;
    }

    /** Normalised rewards X_t of a batch, its profits added to the product's history. */
    private double[] rewards(
            PolicyState state, List<RoundOutcome> outcomes, double[] trafficShares) {
        if (state.profitHistory == null) {
            state.profitHistory = normaliser.newHistory(); // restored from a learner without
        }
        double[] normalised = new double[outcomes.size()];
        for (int t = 0; t < normalised.length; t++) {
            normalised[t] = outcomes.get(t).profit() / trafficShares[t];
            state.profitHistory.add(normalised[t]);
        }
        double[] range = normaliser.range(state.profitHistory);
        double[] rewards = new double[normalised.length];
        for (int t = 0; t < normalised.length; t++) {
            rewards[t] = RewardNormaliser.reward(normalised[t], range);
        }
        return rewards;
    }

    /**
     * Whether the product keeps the history that normalises rewards: not for a learner that does
     * not learn from them ({@link Learner#learnsFromRewards}).
     */
    private boolean keepsProfitHistory() {
        return learner == null || learner.learnsFromRewards();
    }

    /**
     * Applies what a batch's played rounds were when they ended (round-end outcomes: impressions,
     * clicks, cost) to a learner that {@link Learner#learnsWhenEnded}; a new policy version. The
     * rounds are counted when the batch is final.
     *
     * @param trafficShares c_h of each played round's period, as known when the rounds ended
     */
    public void applyEnded(
            PolicyState state,
            List<PlayedRound> played,
            List<RoundOutcome> roundEnds,
            double[] trafficShares,
            long updateTime) {
        learner.learnEnded(
                state,
                new LearningBatch(
                        played, roundEnds, trafficShares, new double[played.size()], null));
        state.policyVersion++;
        state.lastUpdateTime = updateTime;
    }

    /**
     * Gives a learner that {@link Learner#learnsWhenMature} a batch that has matured, with the
     * rounds it played in it and what its population tells then (null: the job does not pool
     * value); a new policy version when that changed its state.
     *
     * @return whether the learner's state changed
     */
    public boolean applyMature(
            PolicyState state, List<PlayedRound> played, Population population, long updateTime) {
        if (learner == null
                || !learner.learnsWhenMature()
                || played.isEmpty()
                || !learner.learnMature(state, played, population)) {
            return false;
        }
        state.policyVersion++;
        state.lastUpdateTime = updateTime;
        return true;
    }

    /**
     * Gives a learner that {@link Learner#learnsOpenValue} what the product's rounds inside the
     * attribution window show at {@code updateTime}; a new policy version when that changed.
     *
     * @return whether the learner's state changed
     */
    public boolean applyOpen(PolicyState state, OpenValue open, long updateTime) {
        if (learner == null || !learner.learnsOpenValue() || !learner.learnOpen(state, open)) {
            return false;
        }
        state.policyVersion++;
        state.lastUpdateTime = updateTime;
        return true;
    }

    /**
     * Feeds rewards already in [0, 1] to the learner in one update, with what was logged when each
     * bid was placed (answered requests, {@code RequestRewards}), and counts the update.
     */
    public void applyRewards(
            PolicyState state, List<PlayedRound> played, double[] rewards, long updateTime) {
        learner.update(state, played, rewards);
        counted(state, played.size(), updateTime);
    }

    private static void counted(PolicyState state, int rounds, long updateTime) {
        state.policyVersion++;
        state.roundsLearned += rounds;
        state.lastUpdateTime = updateTime;
    }
}
