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
 * round's total is emitted at the round's final time, after every product's outcome has arrived,
 * and so reaches the policy operator before that operator's clock passes the same instant.
 */
public class GlobalTraffic extends KeyedProcessFunction<Integer, RoundOutcome, TrafficTotal> {
    private final RoundClock clock;
    private transient MapState<Long, Long> impressionsByRound;

    public GlobalTraffic(RoundClock clock) {
        this.clock = clock;
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
        ctx.timerService().registerEventTimeTimer(clock.roundFinalTime(outcome.round()));
    }

    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<TrafficTotal> out)
            throws Exception {
        long round = clock.roundOf(time + 1 - clock.attributionMillis()) - 1;
        Long sum = impressionsByRound.get(round);
        if (sum != null) {
            out.collect(new TrafficTotal(round, sum));
            impressionsByRound.remove(round);
        }
    }
}
