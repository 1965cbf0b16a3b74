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
 * the key's part of the population ({@link PooledValue}), sent to every policy instance, which
 * merges the parts. A batch's rounds are folded in all at once and in product order, so the part
 * does not depend on which product's round arrived first.
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

    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<PooledValue> out)
            throws Exception {
        long batch = clock.batchFinalAt(time);
        if (batch < 0) {
            return;
        }
        String prefix = batch + "/";
        Map<String, double[]> folded = new TreeMap<>();
        for (Map.Entry<String, double[]> e : pending.entries()) {
            if (e.getKey().startsWith(prefix)) {
                folded.put(e.getKey().substring(prefix.length()), e.getValue());
            }
        }
        for (Map.Entry<String, double[]> e : folded.entrySet()) {
            pending.remove(prefix + e.getKey());
            products.put(e.getKey(), evidence.add(products.get(e.getKey()), batch, e.getValue()));
        }
        Map<String, ProductValue> ordered = new TreeMap<>();
        for (Map.Entry<String, ProductValue> e : products.entries()) {
            ordered.put(e.getKey(), e.getValue());
        }
        DelayEvidence keyDelays =
                evidence.addDelays(delays.value(), batch, pendingDelays.get(batch));
        pendingDelays.remove(batch);
        delays.update(keyDelays);
        DelayEvidence keyPeriods =
                evidence.addPeriods(
                        periods.value(), batch, pendingPeriods.get(batch), clock.periodsPerDay());
        pendingPeriods.remove(batch);
        periods.update(keyPeriods);
        out.collect(
                evidence.pool(ordered.entrySet(), batch)
                        .addDelays(keyDelays.bins)
                        .addPeriods(keyPeriods.bins)
                        .part(ctx.getCurrentKey(), time));
        List<String> faded = new ArrayList<>(evidence.faded(ordered.entrySet(), batch));
        for (String id : faded) {
            products.remove(id);
        }
    }
}
