package io.banditflow.job.operator;

import io.banditflow.core.guard.BudgetPacer;
import io.banditflow.core.guard.RoundSpend;
import io.banditflow.core.reward.RoundOutcome;
import io.banditflow.core.round.RoundClock;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Sums spend and clicks over all products per round, from the outcomes known at the round's end,
 * for the global daily spend cap. Keyed by one constant like {@link GlobalTraffic}; a round's total
 * is emitted at the round's end, after every product's round-end outcome has arrived, and so
 * reaches the policy before any decision that may count it. With pacing it is the pacing operator
 * too: the one place that sees every round's spend, in order, steps λ with it.
 */
public class GlobalSpend extends KeyedProcessFunction<Integer, RoundOutcome, RoundSpend> {
    private static final long DAY_MILLIS = 86_400_000L;

    private final RoundClock clock;
    private final BudgetPacer pacer;
    private transient MapState<Long, RoundSpend> spendByRound;

    /** {λ, day, spent that day, last round paced}: the pacer where the last round left it. */
    private transient ValueState<double[]> pacing;

    /**
     * @param pacer the pacer of the global daily budget (its settings; its level lives in state),
     *     or null: then no pacing level is emitted
     */
    public GlobalSpend(RoundClock clock, BudgetPacer pacer) {
        this.clock = clock;
        this.pacer = pacer;
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
        pacing =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "pacing",
                                        PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO));
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
            if (pacer != null) {
                ctx.output(SideOutputs.PACING, pace(round, sum.cost()));
            }
        }
    }

    /**
     * Steps λ with the round's spend, after stepping it for the rounds without any spend since the
     * last (rounds are paced in order: their timers fire in order).
     */
    private PacingLevel pace(long round, double spend) throws Exception {
        double[] saved = pacing.value();
        BudgetPacer now =
                saved == null
                        ? pacer.resumedAt(0, Long.MIN_VALUE, 0)
                        : pacer.resumedAt(saved[0], (long) saved[1], saved[2]);
        long from = saved == null ? round : (long) saved[3] + 1;
        for (long r = from; r <= round; r++) {
            now.roundEnded(
                    Math.floorDiv(clock.roundStart(r), DAY_MILLIS),
                    clock.periodOfDay(r),
                    r == round ? spend : 0);
        }
        pacing.update(new double[] {now.lambda(), now.day(), now.spentToday(), round});
        return new PacingLevel(round, now.lambda());
    }
}
