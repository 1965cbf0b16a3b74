package io.banditflow.job.operator.policy;

import io.banditflow.core.guard.BudgetPacer;
import io.banditflow.core.reward.RoundOutcome;
import io.banditflow.core.reward.TrafficProfile;
import io.banditflow.core.round.RoundClock;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;

/**
 * What a final batch is learned with besides its rounds, read from broadcast state every instance
 * holds alike: the traffic shares of the periods, and the pacing multiplier λ each round was
 * decided under.
 */
final class BatchInputs {
    private final RoundClock clock;
    private final TrafficProfile trafficProfile;
    private final boolean paced;

    BatchInputs(RoundClock clock, TrafficProfile trafficProfile, boolean paced) {
        this.clock = clock;
        this.trafficProfile = trafficProfile;
        this.paced = paced;
    }

    /** The periods' traffic shares c_h from the global totals of the rounds before {@code end}. */
    double[] periodShares(long end, ReadOnlyBroadcastState<Long, Long> traffic) {
        return trafficProfile.shares(
                end,
                round -> {
                    try {
                        Long impressions = traffic.get(round);
                        return impressions == null ? 0 : impressions;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    /** Outcomes as the learner sees them: paced when pacing is on, else as they are. */
    UnaryOperator<RoundOutcome> outcomes(ReadOnlyBroadcastState<Long, Double> pacing) {
        return paced ? outcome -> paced(outcome, pacing) : UnaryOperator.identity();
    }

    /**
     * An outcome as paced learners see it: its cost weighed by 1 + λ in force when its round was
     * decided (λ after the latest round that had ended by then; 0 before any).
     */
    private RoundOutcome paced(RoundOutcome outcome, ReadOnlyBroadcastState<Long, Double> pacing) {
        long decided = clock.decisionTime(outcome.round());
        long latest = Long.MIN_VALUE;
        double lambda = 0;
        try {
            for (Map.Entry<Long, Double> level : pacing.immutableEntries()) {
                long r = level.getKey();
                if (clock.roundEnd(r) - 1 <= decided && r > latest) {
                    latest = r;
                    lambda = level.getValue();
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return BudgetPacer.paced(outcome, lambda);
    }
}
