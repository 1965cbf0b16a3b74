package io.banditflow.job.operator;

import io.banditflow.core.landscape.DelayEvidence;
import io.banditflow.core.landscape.PeriodFactors;
import io.banditflow.core.landscape.PooledValue;
import io.banditflow.core.landscape.ProductValue;
import io.banditflow.core.landscape.ValueEvidence;
import io.banditflow.core.reward.DelayModel;
import io.banditflow.core.round.RoundClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Value pooling, keyed by pool key (a category and a shard of its products, {@link
 * ValueEvidence#poolKey}): each product's discounted value evidence, and at each batch's final time
 * (and, with {@code time.maturity} shorter than the window, its mature time: {@link
 * MatureValueRounds}) the key's part of the population ({@link PooledValue}), sent to every policy
 * instance, which merges the parts. A batch's rounds are folded in all at once and in product
 * order, so the part does not depend on which product's round arrived first.
 */
public class ValuePoolParts extends KeyedProcessFunction<String, ValueRound, PooledValue> {
    private final RoundClock clock;
    private final ValueEvidence evidence = new ValueEvidence();

    private transient MapState<String, ProductValue> products;

    /** Rounds waiting for their batch's final time: "batch/product" → clicks, sales, value. */
    private transient MapState<String, double[]> pending;

    /** The key's conversion delays per bin of the attribution window, discounted per batch. */
    private transient ValueState<DelayEvidence> delays;

    /** Delays waiting for their batch's final time, by batch. */
    private transient MapState<Long, double[]> pendingDelays;

    /** Mature rounds waiting for their batch's mature time: "batch/product" → sums. */
    private transient MapState<String, double[]> pendingMature;

    /**
     * Each product's sums of a batch folded in when mature, by "batch/product", until the batch is
     * final: the final rounds then add only what came after.
     */
    private transient MapState<String, double[]> matured;

    /** The key's clicks, then conversions, per period of the day, discounted per batch. */
    private transient ValueState<DelayEvidence> periods;

    /** Period sums waiting for their batch's final time, by batch. */
    private transient MapState<Long, double[]> pendingPeriods;

    public ValuePoolParts(RoundClock clock) {
        this.clock = clock;
    }

    @Override
    public void open(OpenContext context) {
        var runtime = getRuntimeContext();
        products =
                runtime.getMapState(
                        new MapStateDescriptor<>(
                                "product-value",
                                Types.STRING,
                                TypeInformation.of(ProductValue.class)));
        pending =
                runtime.getMapState(
                        new MapStateDescriptor<>(
                                "pending-value", Types.STRING, TypeInformation.of(double[].class)));
        delays =
                runtime.getState(
                        new ValueStateDescriptor<>(
                                "delays", TypeInformation.of(DelayEvidence.class)));
        pendingDelays =
                runtime.getMapState(
                        new MapStateDescriptor<>(
                                "pending-delays", Types.LONG, TypeInformation.of(double[].class)));
        pendingMature =
                runtime.getMapState(
                        new MapStateDescriptor<>(
                                "pending-mature-value",
                                Types.STRING,
                                TypeInformation.of(double[].class)));
        matured =
                runtime.getMapState(
                        new MapStateDescriptor<>(
                                "matured-value", Types.STRING, TypeInformation.of(double[].class)));
        periods =
                runtime.getState(
                        new ValueStateDescriptor<>(
                                "period-sums", TypeInformation.of(DelayEvidence.class)));
        pendingPeriods =
                runtime.getMapState(
                        new MapStateDescriptor<>(
                                "pending-period-sums",
                                Types.LONG,
                                TypeInformation.of(double[].class)));
    }

    @Override
    public void processElement(ValueRound round, Context ctx, Collector<PooledValue> out)
            throws Exception {
        long batch = clock.batchOf(round.round());
        String key = batch + "/" + round.productId();
        if (round.mature()) {
            pendingMature.put(
                    key,
                    ValueEvidence.addRound(
                            pendingMature.get(key),
                            round.clicks(),
                            round.conversions(),
                            round.value()));
            ctx.timerService().registerEventTimeTimer(clock.batchMatureTime(batch));
            return;
        }
        pending.put(
                key,
                ValueEvidence.addRound(
                        pending.get(key), round.clicks(), round.conversions(), round.value()));
        if (round.conversionDelays() != null) {
            pendingDelays.put(
                    batch,
                    DelayModel.add(
                            pendingDelays.get(batch),
                            round.conversionDelays(),
                            clock.attributionMillis()));
        }
        pendingPeriods.put(
                batch,
                PeriodFactors.addRound(
                        pendingPeriods.get(batch),
                        clock.periodsPerDay(),
                        clock.periodOfDay(round.round()),
                        round.clicks(),
                        round.conversions()));
        ctx.timerService().registerEventTimeTimer(clock.batchFinalTime(batch));
    }

    /**
     * At a batch's final time its final rounds are folded in (less what the batch showed when
     * mature), at a batch's mature time its mature rounds; both when one time is both. The part
     * sent is as of the latest batch mature by then ({@link RoundClock#latestBatchMatureAt}).
     */
    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<PooledValue> out)
            throws Exception {
        long finalBatch = clock.batchFinalAt(time);
        long matureBatch = clock.batchMatureAt(time);
        if (finalBatch < 0 && matureBatch < 0) {
            return;
        }
        if (finalBatch >= 0) {
            foldFinal(finalBatch);
        }
        if (matureBatch >= 0) {
            foldMature(matureBatch);
        }
        long asOf = clock.latestBatchMatureAt(time);
        Map<String, ProductValue> ordered = new TreeMap<>();
        for (Map.Entry<String, ProductValue> e : products.entries()) {
            ordered.put(e.getKey(), e.getValue());
        }
        DelayEvidence keyDelays = delays.value();
        DelayEvidence keyPeriods = periods.value();
        out.collect(
                evidence.pool(ordered.entrySet(), asOf)
                        .addDelays(keyDelays == null ? null : keyDelays.bins)
                        .addPeriods(keyPeriods == null ? null : keyPeriods.bins)
                        .part(ctx.getCurrentKey(), time));
        List<String> faded = new ArrayList<>(evidence.faded(ordered.entrySet(), asOf));
        for (String id : faded) {
            products.remove(id);
        }
    }

    /** The batch's final rounds, product by product in id order, and its delays and periods. */
    private void foldFinal(long batch) throws Exception {
        String prefix = batch + "/";
        for (Map.Entry<String, double[]> e : pendingOf(pending, prefix).entrySet()) {
            String id = e.getKey();
            pending.remove(prefix + id);
            double[] mature = matured.get(prefix + id);
            if (mature != null) {
                matured.remove(prefix + id);
            }
            products.put(
                    id,
                    evidence.addRest(
                            products.get(id),
                            batch,
                            ValueEvidence.lessMature(e.getValue(), mature)));
        }
        delays.update(evidence.addDelays(delays.value(), batch, pendingDelays.get(batch)));
        pendingDelays.remove(batch);
        periods.update(
                evidence.addPeriods(
                        periods.value(), batch, pendingPeriods.get(batch), clock.periodsPerDay()));
        pendingPeriods.remove(batch);
    }

    /** The batch's mature rounds, product by product in id order, kept until it is final. */
    private void foldMature(long batch) throws Exception {
        String prefix = batch + "/";
        for (Map.Entry<String, double[]> e : pendingOf(pendingMature, prefix).entrySet()) {
            String id = e.getKey();
            pendingMature.remove(prefix + id);
            products.put(id, evidence.add(products.get(id), batch, e.getValue()));
            matured.put(prefix + id, e.getValue());
        }
    }

    /** A batch's pending sums by product id, in id order. */
    private static Map<String, double[]> pendingOf(MapState<String, double[]> state, String prefix)
            throws Exception {
        Map<String, double[]> folded = new TreeMap<>();
        for (Map.Entry<String, double[]> e : state.entries()) {
            if (e.getKey().startsWith(prefix)) {
                folded.put(e.getKey().substring(prefix.length()), e.getValue());
            }
        }
        return folded;
    }
}
