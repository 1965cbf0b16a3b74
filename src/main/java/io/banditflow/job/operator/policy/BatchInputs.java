package io.banditflow.job.operator.policy;

import io.banditflow.core.guard.PacingHistory;
import io.banditflow.core.reward.TrafficProfile;
import io.banditflow.core.round.RoundClock;
import java.util.Map;
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

    /** The pacer's λ each round was decided under ({@link PacingHistory#NONE} without pacing). */
    PacingHistory pacing(ReadOnlyBroadcastState<Long, Double> pacing) {
        return paced
                ? round -> lambdaKnownAt(clock.decisionTime(round), pacing)
                : PacingHistory.NONE;
    }

    /**
     * The pacer's λ in force at {@code time}: after the latest round that had ended by then (its
     * level is broadcast at its end, so it has arrived); 0 before any, and without pacing.
     */
    double lambdaKnownAt(long time, ReadOnlyBroadcastState<Long, Double> pacing) {
        if (!paced) {
            return 0;
        }
        long latest = Long.MIN_VALUE;
        double lambda = 0;
        try {
            for (Map.Entry<Long, Double> level : pacing.immutableEntries()) {
                long r = level.getKey();
                if (clock.roundEnd(r) - 1 <= time && r > latest) {
                    latest = r;
                    lambda = level.getValue();
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return lambda;
    }
}
