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
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
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
    private final double dailySpendCap;
    private transient MapState<Long, RoundSpend> spendByRound;

    /**
     * The gauges' view (docs/operations.md, "Metrics"): the UTC day of the latest round that ended
     * and the spend of that day's rounds ended since this subtask started, λ of the pacer.
     */
    private transient long gaugeDay;

    private transient double gaugeSpentToday;
    private transient double gaugeLambda;
    private transient double gaugeCarried;

    /**
     * {λ, day, spent that day, last round paced, overspend carried}: the pacer where the last round
     * left it. A state of four (before overspend was carried) resumes with none carried.
     */
    private transient ValueState<double[]> pacing;

    /**
     * @param pacer the pacer of the global daily budget (its settings; its level lives in state),
     *     or null: then no pacing level is emitted
     * @param dailySpendCap the global daily budget ({@code guardrails.dailySpendCap}), infinite if
     *     none: shown beside the spend as a gauge
     */
    public GlobalSpend(RoundClock clock, BudgetPacer pacer, double dailySpendCap) {
        this.clock = clock;
        this.pacer = pacer;
        this.dailySpendCap = dailySpendCap;
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
        registerGauges(getRuntimeContext().getMetricGroup());
    }

    /**
     * Spend against budget for dashboards: one subtask holds the key, the others show 0, so {@code
     * max} over subtasks is the job's value.
     */
    private void registerGauges(MetricGroup metrics) {
        gaugeDay = Long.MIN_VALUE;
        metrics.gauge("spendToday", (Gauge<Double>) () -> gaugeSpentToday);
        // NaN without a budget: a gap in a graph, where infinity would flatten the spend to zero
        double cap = Double.isFinite(dailySpendCap) ? dailySpendCap : Double.NaN;
        metrics.gauge("dailySpendCap", (Gauge<Double>) () -> cap);
        if (pacer != null) {
            metrics.gauge("pacingLambda", (Gauge<Double>) () -> gaugeLambda);
            metrics.gauge("pacingCarried", (Gauge<Double>) () -> gaugeCarried);
        }
    }

    private void showInGauges(long round, double spend) {
        long day = Math.floorDiv(clock.roundStart(round), DAY_MILLIS);
        gaugeSpentToday = day == gaugeDay ? gaugeSpentToday + spend : spend;
        gaugeDay = day;
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
            showInGauges(round, sum.cost());
            if (pacer != null) {
                PacingLevel level = pace(round, sum.cost());
                gaugeLambda = level.lambda();
                ctx.output(SideOutputs.PACING, level);
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
                        ? pacer.resumedAt(0, Long.MIN_VALUE, 0, 0)
                        : pacer.resumedAt(
                                saved[0],
                                (long) saved[1],
                                saved[2],
                                saved.length > 4 ? saved[4] : 0);
        long from = saved == null ? round : (long) saved[3] + 1;
        for (long r = from; r <= round; r++) {
            now.roundEnded(
                    Math.floorDiv(clock.roundStart(r), DAY_MILLIS),
                    clock.periodOfDay(r),
                    r == round ? spend : 0);
        }
        pacing.update(
                new double[] {now.lambda(), now.day(), now.spentToday(), round, now.carried()});
        gaugeCarried = now.carried();
        return new PacingLevel(round, now.lambda());
    }
}
