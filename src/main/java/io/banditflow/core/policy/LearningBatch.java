package io.banditflow.core.policy;

import io.banditflow.core.landscape.Population;
import io.banditflow.core.reward.RoundOutcome;
import java.util.List;

/**
 * A complete batch as it was, for {@link Learner#learn}: the rounds the learner played (arm, bid,
 * logged propensity, context), their final outcomes (impressions, clicks, cost, attributed
 * conversions and value), the traffic share c_h of each round's period, the normalised rewards X_t
 * the scalar learners learn from, and what the product's population tells of value per click (its
 * prior and the factors by period of the day) when the job or the simulation pools it (else null).
 */
public record LearningBatch(
        List<PlayedRound> played,
        List<RoundOutcome> outcomes,
        double[] trafficShares,
        double[] rewards,
        Population population) {

    public LearningBatch {
        int n = played.size();
        if (outcomes.size() != n || trafficShares.length != n || rewards.length != n) {
            throw new IllegalArgumentException("played, outcomes, shares and rewards must align");
        }
    }
}
