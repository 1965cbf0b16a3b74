package io.banditflow.core.decide;

import io.banditflow.core.guard.PacingHistory;
import io.banditflow.core.policy.BidPolicy;
import io.banditflow.core.policy.Learner;
import io.banditflow.core.policy.PlayedRound;
import io.banditflow.core.policy.PolicyState;
import io.banditflow.core.reward.RoundOutcome;
import io.banditflow.core.round.RoundClock;
import java.util.ArrayList;
import java.util.List;

/**
 * One product's batch once all its rounds have ended, for a learner that learns then ({@link
 * Learner#learnsWhenEnded}): the rounds it played, with what was logged, and their round-end
 * outcomes — impressions, clicks and cost, complete at the round's end; conversions are left to the
 * final batch ({@link FinalBatch}). The job's policy operator and the closed-loop simulation
 * assemble and apply it with this class, at the batch's ended time ({@link
 * RoundClock#batchEndedTime}).
 */
public final class EndedBatch {
    private final String productId;
    private final List<PlayedRound> played = new ArrayList<>();
    private final List<RoundOutcome> roundEnds = new ArrayList<>();

    public EndedBatch(String productId) {
        this.productId = productId;
    }

    /**
     * Adds a round of the batch.
     *
     * @param playedRound what was logged when the learner decided it, or null (not learned from)
     * @param roundEnd its impressions, clicks and cost, or null when it had no traffic
     */
    public void add(long round, PlayedRound playedRound, RoundOutcome roundEnd) {
        if (playedRound == null) {
            return;
        }
        played.add(playedRound);
        roundEnds.add(
                roundEnd == null
                        ? RoundOutcome.empty(productId, round)
                        : new RoundOutcome(
                                productId,
                                round,
                                roundEnd.impressions(),
                                roundEnd.clicks(),
                                roundEnd.cost(),
                                0,
                                0));
    }

    /** Whether the learner played any round of the batch. */
    public boolean learns() {
        return !played.isEmpty();
    }

    /**
     * Applies the batch to {@code policy}'s learner if it learns when ended.
     *
     * @param periodShares c_h of each period of the day, over the traffic known when the rounds
     *     ended (of the rounds final by then: {@link RoundClock#dayOfFirstRoundNotFinalAt})
     * @param pacing the pacer's λ each round was decided under
     * @return whether it was applied
     */
    public boolean applyTo(
            BidPolicy policy,
            PolicyState state,
            RoundClock clock,
            double[] periodShares,
            PacingHistory pacing,
            long updateTime) {
        if (!learns() || !policy.learner().learnsWhenEnded()) {
            return false;
        }
        policy.applyEnded(
                state,
                List.copyOf(played),
                policy.asLearned(roundEnds, FinalBatch.lambdas(played, pacing)),
                FinalBatch.roundShares(played, clock, periodShares),
                updateTime);
        return true;
    }
}
