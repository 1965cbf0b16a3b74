package io.banditflow.core.policy;

import io.banditflow.core.guard.Guardrail;
import io.banditflow.core.reward.RewardNormaliser;
import io.banditflow.core.reward.RoundOutcome;
import io.banditflow.core.util.Seeds;
import java.util.List;

/**
 * One product's bidding policy: Batch EXP3 over a bid grid, fed with rewards normalised by the
 * time-of-day traffic share and the product's own profit range.
 *
 * <p>Order of use: {@link #newState} once per product; {@link #decide} at each round's decision
 * time; {@link #applyBatch} once per batch, when the batch's feedback is final. Randomness comes
 * only from {@link Seeds#of}(seed, product, round), so decisions are a pure function of the state
 * and the round.
 */
public final class BidPolicy {
    public static final String ALGORITHM = "batch-exp3";

    private final String job;
    private final BidGrid grid;
    private final BatchExp3 exp3;
    private final RewardNormaliser normaliser;
    private final long seed;
    private final BidPrior prior;

    /**
     * @param prior where a new product's policy starts; null for the uniform start of plain EXP3
     */
    public BidPolicy(
            String job,
            BidGrid grid,
            Exp3Parameters exp3,
            RewardNormaliser normaliser,
            long seed,
            BidPrior prior) {
        this.job = job;
        this.prior = prior;
        this.grid = grid;
        this.exp3 = new BatchExp3(grid.size(), exp3);
        this.normaliser = normaliser;
        this.seed = seed;
    }

    public BidGrid grid() {
        return grid;
    }

    public BatchExp3 exp3() {
        return exp3;
    }

    public PolicyState newState() {
        PolicyState state = new PolicyState();
        state.scores =
                prior == null
                        ? exp3.initialScores()
                        : prior.initialScores(grid, exp3.parameters().learningRate());
        state.profitHistory = normaliser.newHistory();
        return state;
    }

    /** A decision from the learner over the whole grid, bound by no guardrail. */
    public Decision decide(
            String productId,
            long round,
            long roundStart,
            long roundEnd,
            long decidedAt,
            PolicyState state) {
        return decide(
                productId,
                round,
                roundStart,
                roundEnd,
                decidedAt,
                state,
                0,
                grid.size() - 1,
                new Guardrail[0]);
    }

    /**
     * A decision from the learner, restricted to the arms {@code lowestArm..highestArm} that the
     * guardrails allow: the policy's probabilities renormalised over them, so the logged propensity
     * is exactly the probability of the bid that was played.
     */
    public Decision decide(
            String productId,
            long round,
            long roundStart,
            long roundEnd,
            long decidedAt,
            PolicyState state,
            int lowestArm,
            int highestArm,
            Guardrail[] guardrails) {
        double[] probabilities = exp3.probabilities(state.scores);
        double allowed = 0;
        for (int i = lowestArm; i <= highestArm; i++) {
            allowed += probabilities[i];
        }
        for (int i = 0; i < probabilities.length; i++) {
            probabilities[i] = i < lowestArm || i > highestArm ? 0 : probabilities[i] / allowed;
        }
        int arm = BatchExp3.sample(probabilities, Seeds.of(seed, productId, round));
        return decision(
                productId,
                round,
                roundStart,
                roundEnd,
                decidedAt,
                state,
                arm,
                probabilities,
                DecisionMode.LEARNED,
                "sampled from policy version " + state.policyVersion,
                guardrails,
                lowestArm,
                highestArm);
    }

    /**
     * A decision that does not come from the learner: one bid with propensity 1, because the policy
     * in force for this round is deterministic (drift fallback and kill switch: the baseline; a
     * spend cap: the floor). The learner never learns from such a round: EXP3's estimator would
     * credit every other arm with a free reward.
     */
    public Decision fixed(
            String productId,
            long round,
            long roundStart,
            long roundEnd,
            long decidedAt,
            int arm,
            PolicyState state,
            DecisionMode mode,
            String reason,
            Guardrail[] guardrails) {
        double[] probabilities = new double[grid.size()];
        probabilities[arm] = 1;
        return decision(
                productId,
                round,
                roundStart,
                roundEnd,
                decidedAt,
                state,
                arm,
                probabilities,
                mode,
                reason,
                guardrails,
                arm,
                arm);
    }

    /**
     * A decision not to bid (a paused product, the kill switch's STOP_BIDDING): bid 0, no arm (−1),
     * propensity 1, and a distribution with no mass on any bid of the grid.
     */
    public Decision noBid(
            String productId,
            long round,
            long roundStart,
            long roundEnd,
            long decidedAt,
            PolicyState state,
            DecisionMode mode,
            String reason,
            Guardrail[] guardrails) {
        return decision(
                productId,
                round,
                roundStart,
                roundEnd,
                decidedAt,
                state,
                -1,
                new double[grid.size()],
                mode,
                reason,
                guardrails,
                -1,
                -1);
    }

    private Decision decision(
            String productId,
            long round,
            long roundStart,
            long roundEnd,
            long decidedAt,
            PolicyState state,
            int arm,
            double[] probabilities,
            DecisionMode mode,
            String reason,
            Guardrail[] guardrails,
            int lowestArm,
            int highestArm) {
        return new Decision(
                Decision.idOf(job, productId, round),
                job,
                productId,
                round,
                roundStart,
                roundEnd,
                decidedAt,
                arm < 0 ? 0 : grid.bid(arm),
                arm,
                arm < 0 ? 1 : probabilities[arm],
                grid.bids(),
                probabilities,
                ALGORITHM,
                state.policyVersion,
                exp3.parameters().learningRate(),
                mode,
                reason,
                guardrails,
                lowestArm,
                highestArm);
    }

    /**
     * Applies a drift recovery to a product's learner. Decay moves the scores to ρ·S + (1 − ρ)·S₀,
     * with S₀ the start (prior) scores: differences shrink, so the policy flattens towards its
     * start and the evidence of the old market weighs ρ times as much. The reward range is kept: it
     * is re-estimated from the trailing history anyway.
     */
    public void recover(PolicyState state, RecoveryAction action, double decay) {
        switch (action) {
            case KEEP -> {}
            case DECAY -> {
                double[] start = newState().scores;
                for (int i = 0; i < start.length; i++) {
                    state.scores[i] = decay * state.scores[i] + (1 - decay) * start[i];
                }
            }
            case RESET -> {
                state.scores = newState().scores;
                state.profitHistory = normaliser.newHistory();
            }
        }
    }

    /**
     * Applies a complete batch: every played round's profit is divided by its period's traffic
     * share, added to the product's history, min–max normalised over the updated range, and fed to
     * the EXP3 update with the propensity that was logged when the bid was placed.
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
        int n = played.size();
        if (outcomes.size() != n || trafficShares.length != n) {
            throw new IllegalArgumentException("played, outcomes and shares must align");
        }
        double[] normalised = new double[n];
        for (int t = 0; t < n; t++) {
            normalised[t] = outcomes.get(t).profit() / trafficShares[t];
            state.profitHistory.add(normalised[t]);
        }
        double[] range = normaliser.range(state.profitHistory);
        double[] rewards = new double[n];
        for (int t = 0; t < n; t++) {
            rewards[t] = RewardNormaliser.reward(normalised[t], range);
        }
        exp3.update(state.scores, played, rewards);
        state.policyVersion++;
        state.roundsLearned += n;
        state.lastUpdateTime = updateTime;
        return rewards;
    }
}
