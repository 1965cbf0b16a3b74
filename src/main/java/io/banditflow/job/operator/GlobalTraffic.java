package io.banditflow.job.operator;

import io.banditflow.core.reward.RoundOutcome;
import io.banditflow.core.round.RoundClock;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Sums impressions over all products per round, for traffic-period normalisation. Keyed by one
 * constant: the input is one outcome per product and round, small next to the event stream. A
 * round's total is emitted at the round's final time (of final outcomes), or at its end (of the
 * outcomes at round end, for a learner that learns the landscape when a batch's rounds end:
 * impressions are complete when the round ends), after every product's outcome has arrived, and so
 * reaches the policy operator before that operator's clock passes the same instant. The policy
 * keeps the latest total of a round, so the final one replaces the one at round end.
 */
public class GlobalTraffic extends KeyedProcessFunction<Integer, RoundOutcome, TrafficTotal> {
    private final RoundClock clock;
    private final boolean atRoundEnd;
    private transient MapState<Long, Long> impressionsByRound;

    /** Totals of final outcomes, emitted when each round is final. */
    public GlobalTraffic(RoundClock clock) {
        this(clock, false);
    }

    /**
     * @param atRoundEnd true: totals of the outcomes at round end, emitted at the round's end
     */
    public GlobalTraffic(RoundClock clock, boolean atRoundEnd) {
        this.clock = clock;
        this.atRoundEnd = atRoundEnd;
    }

    @Override
    public void open(OpenContext context) {
        impressionsByRound =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "impressions-by-round", Long.class, Long.class));
    }

    @Override
    public void processElement(RoundOutcome outcome, Context ctx, Collector<TrafficTotal> out)
            throws Exception {
        Long sum = impressionsByRound.get(outcome.round());
        impressionsByRound.put(outcome.round(), (sum == null ? 0 : sum) + outcome.impressions());
        ctx.timerService()
                .registerEventTimeTimer(
                        atRoundEnd
                                ? clock.roundEnd(outcome.round()) - 1
                                : clock.roundFinalTime(outcome.round()));
    }

    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<TrafficTotal> out)
            throws Exception {
        long round =
                atRoundEnd
                        ? clock.roundOf(time)
                        : clock.roundOf(time + 1 - clock.attributionMillis()) - 1;
        Long sum = impressionsByRound.get(round);
        if (sum != null) {
            out.collect(new TrafficTotal(round, sum));
            impressionsByRound.remove(round);
        }
    }
}
