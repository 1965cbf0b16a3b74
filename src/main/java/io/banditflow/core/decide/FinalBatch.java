package io.banditflow.core.decide;

import io.banditflow.core.guard.PacingHistory;
import io.banditflow.core.landscape.Population;
import io.banditflow.core.policy.BidPolicy;
import io.banditflow.core.policy.PlayedRound;
import io.banditflow.core.policy.PolicyState;
import io.banditflow.core.reward.RoundOutcome;
import io.banditflow.core.round.RoundClock;
import java.util.ArrayList;
import java.util.List;

/**
 * One product's batch, once final, as its learner learns it: the rounds it played with what was
 * logged for them (arm, propensity, context) and their final outcomes — an empty outcome for a
 * played round without traffic — and the batch's clicks and sales for the context's conversion
 * rate. Rounds with traffic that the learner did not decide (before activation, in fallback, a
 * fixed bid) are counted, not learned from. The job's policy operator and the closed-loop
 * simulation assemble and apply a batch with this class, round by round in round order.
 */
public final class FinalBatch {
    private final String productId;
    private final List<PlayedRound> played = new ArrayList<>();
    private final List<RoundOutcome> outcomes = new ArrayList<>();
    private long clicks;
    private long conversions;
    private int undecidedWithTraffic;
    private boolean anyOutcome;

    public FinalBatch(String productId) {
        this.productId = productId;
    }

    /**
     * Adds a round of the batch.
     *
     * @param round the round
     * @param playedRound what was logged when the learner decided it, or null
     * @param outcome its final outcome, or null when it had no traffic
     */
    public void add(long round, PlayedRound playedRound, RoundOutcome outcome) {
        if (outcome != null) {
            anyOutcome = true;
            clicks += outcome.clicks();
            conversions += outcome.conversions();
        }
        if (playedRound != null) {
            played.add(playedRound);
            outcomes.add(outcome != null ? outcome : RoundOutcome.empty(productId, round));
        } else if (outcome != null) {
            undecidedWithTraffic++;
        }
    }

    /**
     * Whether the batch had nothing: no round played by the learner, no outcome (a batch before the
     * product's first traffic, or while it was quiet).
     */
    public boolean isEmpty() {
        return played.isEmpty() && !anyOutcome;
    }

    /** Whether the learner played any round of the batch. */
    public boolean learns() {
        return !played.isEmpty();
    }

    public long clicks() {
        return clicks;
    }

    public long conversions() {
        return conversions;
    }

    /** Rounds with traffic that the learner did not decide. */
    public int undecidedWithTraffic() {
        return undecidedWithTraffic;
    }

    /**
     * The batch as learners learn it: each played round's outcome, the pacer's λ it was decided
     * under and its period's traffic share.
     *
     * @param periodShares c_h of each period of the day, over the traffic before the batch's end
     */
    public Learnable learnable(RoundClock clock, double[] periodShares, PacingHistory pacing) {
        return new Learnable(
                List.copyOf(played),
                List.copyOf(outcomes),
                lambdas(played, pacing),
                roundShares(played, clock, periodShares));
    }

    /** The λ each played round was decided under, aligned with {@code played}. */
    static double[] lambdas(List<PlayedRound> played, PacingHistory pacing) {
        return played.stream().mapToDouble(p -> pacing.lambdaWhenDecided(p.round())).toArray();
    }

    /** Each played round's period share c_h, aligned with {@code played}. */
    static double[] roundShares(List<PlayedRound> played, RoundClock clock, double[] periodShares) {
        double[] shares = new double[played.size()];
        for (int t = 0; t < shares.length; t++) {
            shares[t] = periodShares[clock.periodOfDay(played.get(t).round())];
        }
        return shares;
    }

    /**
     * A final batch ready for the update: the job's learner and its shadows learn the same rounds,
     * each as its learner sees them under pacing ({@link BidPolicy#asLearned}).
     */
    public record Learnable(
            List<PlayedRound> played,
            List<RoundOutcome> outcomes,
            double[] lambdas,
            double[] trafficShares) {
        /**
         * One batch update of a product's learner ({@link BidPolicy#applyBatch}), with what its
         * population tells of value per click (null: the job does not pool it).
         */
        public void applyTo(
                BidPolicy policy, PolicyState state, Population population, long updateTime) {
            applyTo(policy, state, population, updateTime, false);
        }

        /**
         * {@link #applyTo(BidPolicy, PolicyState, Population, long)}, only the rest of it when the
         * batch's ended rounds were applied ({@link EndedBatch}) and {@code policy}'s learner
         * learns when ended.
         */
        public void applyTo(
                BidPolicy policy,
                PolicyState state,
                Population population,
                long updateTime,
                boolean endedApplied) {
            policy.applyBatch(
                    state,
                    played,
                    policy.asLearned(outcomes, lambdas),
                    trafficShares,
                    population,
                    updateTime,
                    endedApplied && policy.learner().learnsWhenEnded());
        }
    }
}
