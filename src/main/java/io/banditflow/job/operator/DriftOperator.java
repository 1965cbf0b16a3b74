package io.banditflow.job.operator;

import io.banditflow.core.drift.BottomKSample;
import io.banditflow.core.drift.DriftEvaluation;
import io.banditflow.core.drift.DriftMetric;
import io.banditflow.core.drift.DriftMonitor;
import io.banditflow.core.drift.DriftScope;
import io.banditflow.core.drift.DriftSeries;
import io.banditflow.core.drift.DriftSignal;
import io.banditflow.core.drift.DriftState;
import io.banditflow.core.util.Seeds;
import io.banditflow.job.config.JobConfig;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A drift monitor per scope key: per product (keyed by product), or over all products (every
 * outcome keyed to {@link DriftScope#ALL_PRODUCTS}).
 *
 * <ul>
 *   <li><b>Samples.</b> For a product, its one value per metric and round, all in one state value
 *       ({@link DriftSeries}), read and written once per outcome and per evaluation. For the global
 *       scope, per metric and round a bounded deterministic sample of product-round values ({@link
 *       BottomKSample}, at most {@code drift.globalSamplesPerRound}) in a map state, so that an
 *       outcome touches its round's sample only. Memory is bounded by the windows, not by traffic
 *       or catalogue size: rounds older than the reference window are dropped. Products restored
 *       from a savepoint of the earlier layout (one map entry per metric and round, as the global
 *       scope's) move to the new one at their first outcome or evaluation.
 *   <li><b>Evaluation.</b> Each round is judged twice, at event-time timers: its traffic metrics
 *       when it ends, its conversion metrics when it is final. Every outcome of a round reaches
 *       this operator before its clock passes that time, and when both instants coincide the older
 *       round's conversions are judged first, so the verdicts and the scope's state are the same on
 *       any parallelism and after any restore.
 * </ul>
 */
public class DriftOperator extends KeyedProcessFunction<String, StagedOutcome, DriftSignal> {
    private static final long SAMPLE_SALT = 0x5A3B1E5L;
    private static final DriftMetric.Stage[] JUDGING_ORDER = {
        DriftMetric.Stage.ROUND_FINAL, DriftMetric.Stage.ROUND_END
    };

    private final JobConfig config;
    private final DriftScope scope;

    private transient DriftMonitor monitor;
    private transient int samplesPerRound;
    private transient Map<DriftMetric, MapState<Long, BottomKSample>> samples;
    private transient Map<DriftMetric.Stage, MapState<Long, Boolean>> pending;
    private transient ValueState<DriftState> driftState;
    private transient ValueState<DriftSeries> series;
    private transient DriftMetrics metrics;
    private transient Map<DriftMetric, DriftEvaluation> latest;

    public DriftOperator(JobConfig config, DriftScope scope) {
        this.config = config;
        this.scope = scope;
    }

    /** The key of an outcome in this operator's scope. */
    public static String scopeKey(DriftScope scope, StagedOutcome outcome) {
        return scope == DriftScope.PRODUCT ? outcome.productId() : DriftScope.ALL_PRODUCTS;
    }

    @Override
    public void open(OpenContext context) {
        monitor = config.driftMonitor();
        samplesPerRound = scope == DriftScope.PRODUCT ? 1 : config.drift().globalSamplesPerRound();
        var runtime = getRuntimeContext();
        samples = new EnumMap<>(DriftMetric.class);
        for (DriftMetric metric : DriftMetric.values()) {
            samples.put(
                    metric,
                    runtime.getMapState(
                            new MapStateDescriptor<>(
                                    "samples-" + metric.name().toLowerCase(Locale.ROOT),
                                    Types.LONG,
                                    TypeInformation.of(BottomKSample.class))));
        }
        pending = new EnumMap<>(DriftMetric.Stage.class);
        for (DriftMetric.Stage stage : DriftMetric.Stage.values()) {
            pending.put(
                    stage,
                    runtime.getMapState(
                            new MapStateDescriptor<>(
                                    "pending-" + stage.name().toLowerCase(Locale.ROOT),
                                    Types.LONG,
                                    Types.BOOLEAN)));
        }
        driftState =
                runtime.getState(
                        new ValueStateDescriptor<>(
                                "drift-state", TypeInformation.of(DriftState.class)));
        series =
                runtime.getState(
                        new ValueStateDescriptor<>(
                                "drift-series", TypeInformation.of(DriftSeries.class)));
        MetricGroup group =
                runtime.getMetricGroup().addGroup("scope", scope.name().toLowerCase(Locale.ROOT));
        metrics = new DriftMetrics(group);
        latest = new EnumMap<>(DriftMetric.class);
        if (scope == DriftScope.GLOBAL) { // per-product gauges would explode metric cardinality
            for (DriftMetric metric : DriftMetric.values()) {
                MetricGroup m = group.addGroup("metric", metric.name());
                m.gauge("ksPValue", () -> statistic(metric, DriftEvaluation::ksPValue));
                m.gauge("ksStatistic", () -> statistic(metric, DriftEvaluation::ksStatistic));
                m.gauge("psi", () -> statistic(metric, DriftEvaluation::psi));
            }
        }
    }

    private double statistic(DriftMetric metric, ToDoubleFunction<DriftEvaluation> which) {
        DriftEvaluation e = latest.get(metric);
        return e == null ? Double.NaN : which.applyAsDouble(e);
    }

    @Override
    public void processElement(StagedOutcome in, Context ctx, Collector<DriftSignal> out)
            throws Exception {
        long round = in.outcome().round();
        if (scope == DriftScope.PRODUCT) {
            DriftSeries history = productSeries();
            for (DriftMetric metric : DriftMetric.of(in.stage())) {
                double value = metric.of(in.outcome());
                if (!Double.isNaN(value)) {
                    history.add(metric, round, value);
                }
            }
            history.await(in.stage(), round);
            series.update(history);
        } else {
            long hash = Seeds.of(SAMPLE_SALT, in.productId(), round);
            for (DriftMetric metric : DriftMetric.of(in.stage())) {
                double value = metric.of(in.outcome());
                if (Double.isNaN(value)) {
                    continue;
                }
                MapState<Long, BottomKSample> state = samples.get(metric);
                BottomKSample sample = state.get(round);
                if (sample == null) {
                    sample = new BottomKSample(samplesPerRound);
                }
                sample.offer(hash, value);
                state.put(round, sample);
            }
            pending.get(in.stage()).put(round, true);
        }
        ctx.timerService().registerEventTimeTimer(monitor.evaluationTime(in.stage(), round));
    }

    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<DriftSignal> out)
            throws Exception {
        DriftSeries history = scope == DriftScope.PRODUCT ? productSeries() : null;
        for (DriftMetric.Stage stage : JUDGING_ORDER) {
            long round = monitor.roundJudgedAt(stage, time);
            if (round == Long.MIN_VALUE || !takePending(history, stage, round)) {
                continue;
            }
            DriftState state = driftState.value();
            if (state == null) {
                state = new DriftState();
            }
            DriftMonitor.Result result =
                    monitor.evaluate(
                            scope,
                            ctx.getCurrentKey(),
                            stage,
                            round,
                            state,
                            history == null ? this::values : history::values);
            driftState.update(state);
            latest.putAll(result.evaluations());
            metrics.evaluated(result.signals());
            result.signals().forEach(out::collect);
            if (stage == DriftMetric.Stage.ROUND_FINAL) { // trails the round-end evaluations
                if (history == null) {
                    prune(monitor.windows().oldestNeeded(round));
                } else {
                    history.prune(monitor.windows().oldestNeeded(round));
                }
            }
        }
        if (history != null) {
            series.update(history);
        }
    }

    private boolean takePending(DriftSeries history, DriftMetric.Stage stage, long round)
            throws Exception {
        if (history != null) {
            return history.takePending(stage, round);
        }
        MapState<Long, Boolean> waiting = pending.get(stage);
        if (!waiting.contains(round)) {
            return false;
        }
        waiting.remove(round);
        return true;
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
                    history.add(metric, entry.getKey(), value);
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

    private double[] values(DriftMetric metric, long fromRound, long toRound) throws Exception {
        MapState<Long, BottomKSample> state = samples.get(metric);
        List<double[]> parts = new ArrayList<>();
        int total = 0;
        for (long round = fromRound; round < toRound; round++) {
            BottomKSample sample = state.get(round);
            if (sample != null) {
                double[] part = sample.sample();
                parts.add(part);
                total += part.length;
            }
        }
        double[] all = new double[total];
        int at = 0;
        for (double[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    private void prune(long oldestNeeded) throws Exception {
        for (MapState<Long, BottomKSample> state : samples.values()) {
            List<Long> expired = new ArrayList<>();
            for (Long round : state.keys()) {
                if (round < oldestNeeded) {
                    expired.add(round);
                }
            }
            for (Long round : expired) {
                state.remove(round);
            }
        }
    }
}
