package io.banditflow.job.operator;

import io.banditflow.core.guard.RoundSpend;
import io.banditflow.core.reward.RoundOutcome;
import io.banditflow.core.round.RoundClock;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Sums spend and clicks over all products per round, from the outcomes known at the round's end,
 * for the global daily spend cap. Keyed by one constant like {@link GlobalTraffic}; a round's total
 * is emitted at the round's end, after every product's round-end outcome has arrived, and so
 * reaches the policy before any decision that may count it.
 */
public class GlobalSpend extends KeyedProcessFunction<Integer, RoundOutcome, RoundSpend> {
    private final RoundClock clock;
    private transient MapState<Long, RoundSpend> spendByRound;

    public GlobalSpend(RoundClock clock) {
        this.clock = clock;
    }

    @Override
    public void open(OpenContext context) {
        spendByRound =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "spend-by-round",
                                        Types.LONG,
                                        TypeInformation.of(RoundSpend.class)));
    }

    @Override
    public void processElement(RoundOutcome outcome, Context ctx, Collector<RoundSpend> out)
            throws Exception {
        RoundSpend sum = spendByRound.get(outcome.round());
        spendByRound.put(
                outcome.round(),
                sum == null
                        ? new RoundSpend(outcome.round(), outcome.cost(), outcome.clicks())
                        : new RoundSpend(
                                outcome.round(),
                                sum.cost() + outcome.cost(),
                                sum.clicks() + outcome.clicks()));
        ctx.timerService().registerEventTimeTimer(clock.roundEnd(outcome.round()) - 1);
    }

    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<RoundSpend> out) throws Exception {
        long round = clock.roundOf(time);
        RoundSpend sum = spendByRound.get(round);
        if (sum != null) {
            out.collect(sum);
            spendByRound.remove(round);
        }
    }
}
