package io.banditflow.job.operator;

import io.banditflow.core.drift.BidValues;
import io.banditflow.core.drift.BottomKSample;
import io.banditflow.core.drift.DriftEvaluation;
import io.banditflow.core.drift.DriftMetric;
import io.banditflow.core.drift.DriftMonitor;
import io.banditflow.core.drift.DriftScope;
import io.banditflow.core.drift.DriftSignal;
import io.banditflow.core.drift.DriftState;
import io.banditflow.job.config.JobConfig;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The market-wide drift monitor's second phase, keyed to {@link DriftScope#ALL_PRODUCTS}: merges
 * the shards' samples of the products' residuals per round and metric ({@link ResidualShards}) and
 * judges them as a product's monitor judges its values. It reads one sample per shard and round,
 * not one record per product: its work does not grow with the catalogue. The residuals are each
 * product's market against its own model at the bid it played, so a market that moves for many
 * products alarms it, and products moving their bids (or the mix of products that won traffic) do
 * not.
 */
public class GlobalDriftOperator extends KeyedProcessFunction<String, ResidualSample, DriftSignal> {
    private static final DriftMetric.Stage[] JUDGING_ORDER = {
        DriftMetric.Stage.ROUND_FINAL, DriftMetric.Stage.ROUND_END
    };

    private final JobConfig config;

    private transient DriftMonitor monitor;
    private transient int capacity;
    private transient Map<DriftMetric, MapState<Long, BottomKSample>> samples;
    private transient Map<DriftMetric.Stage, MapState<Long, Boolean>> pending;
    private transient ValueState<DriftState> driftState;
    private transient DriftMetrics metrics;
    private transient Map<DriftMetric, DriftEvaluation> latest;

    public GlobalDriftOperator(JobConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext context) {
        monitor = config.driftMonitor();
        capacity = config.drift().globalSamplesPerRound();
        var runtime = getRuntimeContext();
        // residuals, not the values the earlier layout sampled under "samples-<metric>"
        samples = DriftStates.samplesByMetric(runtime, "residuals");
        pending = DriftStates.pendingByStage(runtime);
        driftState = DriftStates.driftState(runtime);
        MetricGroup group =
                runtime.getMetricGroup()
                        .addGroup("scope", DriftScope.GLOBAL.name().toLowerCase(Locale.ROOT));
        metrics = new DriftMetrics(group);
        latest = new EnumMap<>(DriftMetric.class);
        for (DriftMetric metric : DriftMetric.values()) {
            MetricGroup m = group.addGroup("metric", metric.name());
            m.gauge("ksPValue", () -> statistic(metric, DriftEvaluation::ksPValue));
            m.gauge("ksStatistic", () -> statistic(metric, DriftEvaluation::ksStatistic));
            m.gauge("psi", () -> statistic(metric, DriftEvaluation::psi));
        }
    }

    private double statistic(DriftMetric metric, ToDoubleFunction<DriftEvaluation> which) {
        DriftEvaluation e = latest.get(metric);
        return e == null ? Double.NaN : which.applyAsDouble(e);
    }

    @Override
    public void processElement(ResidualSample in, Context ctx, Collector<DriftSignal> out)
            throws Exception {
        for (DriftMetric metric : DriftMetric.of(in.stage())) {
            BottomKSample part = in.samples()[metric.ordinal()];
            if (part == null) {
                continue;
            }
            MapState<Long, BottomKSample> state = samples.get(metric);
            BottomKSample merged = state.get(in.round());
            if (merged == null) {
                merged = new BottomKSample(capacity);
            }
            merged.merge(part);
            state.put(in.round(), merged);
        }
        pending.get(in.stage()).put(in.round(), true);
        ctx.timerService().registerEventTimeTimer(monitor.evaluationTime(in.stage(), in.round()));
    }

    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<DriftSignal> out)
            throws Exception {
        for (DriftMetric.Stage stage : JUDGING_ORDER) {
            long round = monitor.roundJudgedAt(stage, time);
            MapState<Long, Boolean> waiting = pending.get(stage);
            if (round == Long.MIN_VALUE || !waiting.contains(round)) {
                continue;
            }
            waiting.remove(round);
            DriftState state = DriftStates.current(driftState, round);
            DriftMonitor.Result result =
                    monitor.evaluate(
                            DriftScope.GLOBAL,
                            ctx.getCurrentKey(),
                            stage,
                            round,
                            state,
                            this::values);
            driftState.update(state);
            latest.putAll(result.evaluations());
            metrics.evaluated(result.signals());
            result.signals().forEach(out::collect);
            if (stage == DriftMetric.Stage.ROUND_FINAL) { // trails the round-end evaluations
                prune(monitor.windows().oldestNeeded(round));
            }
        }
    }

    private BidValues values(DriftMetric metric, long fromRound, long toRound) throws Exception {
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
        return BidValues.of(all);
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
