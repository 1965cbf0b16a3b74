package io.banditflow.job.operator;

import io.banditflow.core.drift.BottomKSample;
import io.banditflow.core.drift.DriftMetric;
import io.banditflow.core.drift.DriftMonitor;
import io.banditflow.core.drift.DriftScope;
import io.banditflow.core.drift.DriftSeries;
import io.banditflow.core.drift.DriftSignal;
import io.banditflow.core.drift.DriftState;
import io.banditflow.core.drift.MarketEvidence;
import io.banditflow.job.config.JobConfig;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A product's drift monitor, keyed by product.
 *
 * <ul>
 *   <li><b>Samples.</b> The product's one value per metric and round, with the bid the round
 *       played, all in one state value ({@link DriftSeries}), read and written once per outcome and
 *       per evaluation. Memory is bounded by the windows, not by traffic: rounds older than the
 *       reference window are dropped. Products restored from a savepoint of the earlier layout (one
 *       map entry per metric and round) move to the new one at their first outcome or evaluation.
 *   <li><b>Evaluation.</b> Each round is judged twice, at event-time timers: its traffic metrics
 *       when it ends, its conversion metrics when it is final — on the residuals of the product's
 *       model of each metric at each bid ({@link io.banditflow.core.drift.BidResiduals}), so the
 *       learner moving its bid is not drift. Every outcome of a round reaches this operator before
 *       its clock passes that time, and when both instants coincide the older round's conversions
 *       are judged first, so the verdicts and the state are the same on any parallelism and after
 *       any restore.
 *   <li><b>Market-wide.</b> Each judged round's residuals go to the side output {@link
 *       SideOutputs#ROUND_RESIDUALS}, for the market-wide monitor ({@link ResidualShards}, {@link
 *       GlobalDriftOperator}).
 * </ul>
 */
public class DriftOperator extends KeyedProcessFunction<String, StagedOutcome, DriftSignal> {
    private static final DriftMetric.Stage[] JUDGING_ORDER = {
        DriftMetric.Stage.ROUND_FINAL, DriftMetric.Stage.ROUND_END
    };

    private final JobConfig config;

    private transient DriftMonitor monitor;

    /**
     * The earlier layout's entries, read once per product to move them ({@link #productSeries}).
     */
    private transient Map<DriftMetric, MapState<Long, BottomKSample>> samples;

    private transient Map<DriftMetric.Stage, MapState<Long, Boolean>> pending;
    private transient ValueState<DriftState> driftState;
    private transient ValueState<DriftSeries> series;

    /** The product's evidence last sent to the policy ({@link MarketEvidence}), null for none. */
    private transient ValueState<Integer> evidence;

    private transient double marketAlarmAlpha;
    private transient DriftMetrics metrics;

    public DriftOperator(JobConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext context) {
        monitor = config.driftMonitor();
        var runtime = getRuntimeContext();
        samples = DriftStates.samplesByMetric(runtime, "samples");
        pending = DriftStates.pendingByStage(runtime);
        driftState = DriftStates.driftState(runtime);
        series =
                runtime.getState(
                        new ValueStateDescriptor<>(
                                "drift-series", TypeInformation.of(DriftSeries.class)));
        evidence = runtime.getState(new ValueStateDescriptor<>("market-evidence", Types.INT));
        marketAlarmAlpha = config.drift().marketAlarmAlpha();
        metrics =
                new DriftMetrics(
                        runtime.getMetricGroup()
                                .addGroup(
                                        "scope",
                                        DriftScope.PRODUCT.name().toLowerCase(Locale.ROOT)));
    }

    @Override
    public void processElement(StagedOutcome in, Context ctx, Collector<DriftSignal> out)
            throws Exception {
        long round = in.outcome().round();
        double bid = in.outcome().bid() > 0 ? in.outcome().bid() : Double.NaN;
        DriftSeries history = productSeries();
        for (DriftMetric metric : DriftMetric.of(in.stage())) {
            double value = metric.of(in.outcome());
            if (!Double.isNaN(value)) {
                history.add(metric, round, value, bid, metric.weightOf(in.outcome()));
            }
        }
        history.await(in.stage(), round);
        series.update(history);
        ctx.timerService().registerEventTimeTimer(monitor.evaluationTime(in.stage(), round));
    }

    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<DriftSignal> out)
            throws Exception {
        DriftSeries history = productSeries();
        for (DriftMetric.Stage stage : JUDGING_ORDER) {
            long round = monitor.roundJudgedAt(stage, time);
            if (round == Long.MIN_VALUE || !history.takePending(stage, round)) {
                continue;
            }
            DriftState state = DriftStates.current(driftState, round);
            DriftMonitor.Result result =
                    monitor.evaluate(
                            DriftScope.PRODUCT,
                            ctx.getCurrentKey(),
                            stage,
                            round,
                            state,
                            history::values);
            driftState.update(state);
            metrics.evaluated(result.signals());
            result.signals().forEach(out::collect);
            sendEvidence(result, time, ctx);
            ctx.output(
                    SideOutputs.ROUND_RESIDUALS,
                    new RoundResiduals(
                            ctx.getCurrentKey(), round, stage, byOrdinal(result.marketWide())));
            if (stage == DriftMetric.Stage.ROUND_FINAL) { // trails the round-end evaluations
                history.prune(monitor.windows().oldestNeeded(round));
            }
        }
        series.update(history);
    }

    /**
     * Sends the product's evidence for market-wide alarms when an evaluation changes it (not at all
     * when every product follows them: alpha 1).
     */
    private void sendEvidence(DriftMonitor.Result result, long time, OnTimerContext ctx)
            throws Exception {
        if (marketAlarmAlpha >= 1) {
            return;
        }
        Integer sent = evidence.value();
        int before = sent == null ? 0 : sent;
        int after = MarketEvidence.after(before, result.evaluations(), marketAlarmAlpha);
        if (after != before) {
            evidence.update(after);
            ctx.output(
                    SideOutputs.MARKET_EVIDENCE,
                    new MarketEvidence(ctx.getCurrentKey(), time, after));
        }
    }

    private static double[] byOrdinal(Map<DriftMetric, Double> residuals) {
        double[] all = new double[DriftMetric.values().length];
        Arrays.fill(all, Double.NaN);
        residuals.forEach((metric, r) -> all[metric.ordinal()] = r);
        return all;
    }

    /**
     * The product's history; for a product restored from the earlier layout (map entries per metric
     * and round), moved from those entries, which are cleared.
     */
    private DriftSeries productSeries() throws Exception {
        DriftSeries history = series.value();
        if (history != null) {
            return history;
        }
        history = DriftSeries.empty();
        for (DriftMetric metric : DriftMetric.values()) {
            MapState<Long, BottomKSample> legacy = samples.get(metric);
            for (Map.Entry<Long, BottomKSample> entry : legacy.entries()) {
                for (double value : entry.getValue().sample()) {
                    history.add(metric, entry.getKey(), value, Double.NaN);
                }
            }
            legacy.clear();
        }
        for (DriftMetric.Stage stage : DriftMetric.Stage.values()) {
            MapState<Long, Boolean> legacy = pending.get(stage);
            for (Long round : legacy.keys()) {
                history.await(stage, round);
            }
            legacy.clear();
        }
        return history;
    }
}
