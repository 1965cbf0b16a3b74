package io.banditflow.job.operator.policy;

import io.banditflow.core.decide.OpenRounds;
import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.landscape.OpenValue;
import io.banditflow.core.reward.DelayModel;
import io.banditflow.core.reward.RoundOutcome;
import io.banditflow.core.round.RoundClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.flink.api.common.state.MapState;

/**
 * One product's rounds inside the attribution window ({@link OpenRounds}) in keyed state: clicks
 * from each round's end, conversions as they arrive, until the round's batch is final.
 */
final class OpenRoundsState {
    private final RoundClock clock;
    private final MapState<Long, double[]> rounds;

    OpenRoundsState(RoundClock clock, MapState<Long, double[]> rounds) {
        this.clock = clock;
        this.rounds = rounds;
    }

    /** A round's clicks at its end; a round without any is not kept (it has nothing to teach). */
    void roundEnded(RoundOutcome roundEnd) throws Exception {
        if (roundEnd.clicks() > 0) {
            rounds.put(
                    roundEnd.round(),
                    OpenRounds.withClicks(rounds.get(roundEnd.round()), roundEnd.clicks()));
        }
    }

    /**
     * A conversion as it arrived; ignored once its round's batch is final at {@code clock} (it was
     * learned in full, or its round went to the late output).
     */
    void converted(FeedbackEvent conversion, long eventClock) throws Exception {
        long round = clock.roundOf(conversion.attributionTime());
        if (clock.batchFinalTime(clock.batchOf(round)) <= eventClock) {
            return;
        }
        rounds.put(
                round,
                OpenRounds.withConversion(
                        rounds.get(round), conversion.eventTime(), conversion.value()));
    }

    /**
     * What the open rounds the learner played show at {@code time}, in round order.
     *
     * @param played the rounds the learner decided and has not learned in full yet
     */
    OpenValue at(long time, MapState<Long, ?> played, DelayModel delays) throws Exception {
        SortedMap<Long, double[]> ordered = new TreeMap<>();
        // without a delay model only a mature batch's rounds count: none before it is final,
        // unless batches mature sooner
        if (delays != null || clock.maturesBeforeFinal()) {
            for (Map.Entry<Long, double[]> e : rounds.entries()) {
                if (played.contains(e.getKey())) {
                    ordered.put(e.getKey(), e.getValue());
                }
            }
        }
        return OpenRounds.at(clock, ordered, round -> true, delays, time);
    }

    /** Forgets the rounds of a batch that is final: they are learned in full. */
    void batchFinal(long batch) throws Exception {
        List<Long> done = new ArrayList<>();
        for (Long round : rounds.keys()) {
            if (clock.batchOf(round) <= batch) {
                done.add(round);
            }
        }
        for (Long round : done) {
            rounds.remove(round);
        }
    }
}
