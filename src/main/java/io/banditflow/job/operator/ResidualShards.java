package io.banditflow.job.operator;

import io.banditflow.core.drift.BottomKSample;
import io.banditflow.core.drift.DriftMetric;
import io.banditflow.core.drift.DriftMonitor;
import io.banditflow.core.util.Seeds;
import io.banditflow.job.config.JobConfig;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The market-wide drift monitor's first phase, keyed by a shard of the products ({@link #shardOf}):
 * per round and stage, a bottom-k sample of its products' residuals per metric, sent on at the
 * round's judging time. The hash that picks a value depends on the product and the round only, so
 * the merged samples of all shards are exactly the sample of all products, at any parallelism — and
 * no subtask sees every product's outcome.
 */
public class ResidualShards extends KeyedProcessFunction<String, RoundResiduals, ResidualSample> {
    /** Shards of the products: fixed, so the partition does not depend on the parallelism. */
    public static final int SHARDS = 16;

    /** Salt of the hash that picks a product-round's value into a sample. */
    public static final long SAMPLE_SALT = 0x5A3B1E5L;

    private final JobConfig config;

    private transient DriftMonitor monitor;
    private transient int capacity;

    /** "stage/round" → the round's samples by metric ordinal. */
    private transient MapState<String, BottomKSample[]> samples;

    public ResidualShards(JobConfig config) {
        this.config = config;
    }

    public static String shardOf(String productId) {
        return Integer.toString(Math.floorMod(productId.hashCode(), SHARDS));
    }

    @Override
    public void open(OpenContext context) {
        monitor = config.driftMonitor();
        capacity = config.drift().globalSamplesPerRound();
        samples =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "residual-samples",
                                        Types.STRING,
                                        TypeInformation.of(BottomKSample[].class)));
    }

    @Override
    public void processElement(RoundResiduals in, Context ctx, Collector<ResidualSample> out)
            throws Exception {
        String key = in.stage() + "/" + in.round();
        BottomKSample[] round = samples.get(key);
        if (round == null) {
            round = new BottomKSample[DriftMetric.values().length];
            for (DriftMetric metric : DriftMetric.of(in.stage())) {
                round[metric.ordinal()] = new BottomKSample(capacity);
            }
        }
        long hash = Seeds.of(SAMPLE_SALT, in.productId(), in.round());
        for (DriftMetric metric : DriftMetric.of(in.stage())) {
            double residual = in.residuals()[metric.ordinal()];
            if (!Double.isNaN(residual)) {
                round[metric.ordinal()].offer(hash, residual);
            }
        }
        samples.put(key, round);
        ctx.timerService().registerEventTimeTimer(monitor.evaluationTime(in.stage(), in.round()));
    }

    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<ResidualSample> out)
            throws Exception {
        for (DriftMetric.Stage stage : DriftMetric.Stage.values()) {
            long round = monitor.roundJudgedAt(stage, time);
            if (round == Long.MIN_VALUE) {
                continue;
            }
            String key = stage + "/" + round;
            BottomKSample[] sample = samples.get(key);
            if (sample != null) {
                samples.remove(key);
                out.collect(new ResidualSample(stage, round, sample));
            }
        }
    }
}
