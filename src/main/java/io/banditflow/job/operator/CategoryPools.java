package io.banditflow.job.operator;

import io.banditflow.core.policy.PooledPrior;
import io.banditflow.core.pool.CategoryPool;
import io.banditflow.core.pool.CategoryPooling;
import io.banditflow.core.round.RoundClock;
import io.banditflow.job.config.JobConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * Cold start, second step, keyed by category: the category's pool ({@link CategoryPool}, shared by
 * all its products). A round's evidence is folded in at the round's final time, all of it at once
 * and in product order, so the pool does not depend on which product's evidence arrived first; then
 * the category's prior is sent to every policy instance, valid from that time.
 */
public class CategoryPools extends KeyedProcessFunction<String, PooledRound, PooledPrior> {
    private final JobConfig config;

    private transient RoundClock clock;
    private transient CategoryPooling pooling;
    private transient ValueState<CategoryPool> pool;

    /** Evidence waiting for its round's final time, by "round/product". */
    private transient MapState<String, CategoryPooling.Evidence> pending;

    public CategoryPools(JobConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext context) {
        clock = config.clock();
        pooling = config.categoryPooling();
        var runtime = getRuntimeContext();
        pool =
                runtime.getState(
                        new ValueStateDescriptor<>(
                                "category-pool", TypeInformation.of(CategoryPool.class)));
        pending =
                runtime.getMapState(
                        new MapStateDescriptor<>(
                                "pending-evidence",
                                Types.STRING,
                                TypeInformation.of(CategoryPooling.Evidence.class)));
    }

    @Override
    public void processElement(PooledRound pooled, Context ctx, Collector<PooledPrior> out)
            throws Exception {
        CategoryPooling.Evidence evidence = pooled.evidence();
        pending.put(evidence.round() + "/" + evidence.productId(), evidence);
        ctx.timerService().registerEventTimeTimer(clock.roundFinalTime(evidence.round()));
    }

    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<PooledPrior> out)
            throws Exception {
        Long round = clock.roundFinalAt(time);
        if (round == null) {
            return;
        }
        List<CategoryPooling.Evidence> evidence = new ArrayList<>();
        List<String> folded = new ArrayList<>();
        for (Map.Entry<String, CategoryPooling.Evidence> e : pending.entries()) {
            if (e.getValue().round() == round) {
                evidence.add(e.getValue());
                folded.add(e.getKey());
            }
        }
        for (String key : folded) {
            pending.remove(key);
        }
        CategoryPool current = pool.value();
        if (current == null) {
            current = new CategoryPool();
        }
        pooling.add(current, round, evidence);
        pool.update(current);
        PooledPrior prior = pooling.prior(ctx.getCurrentKey(), current, time);
        if (prior != null) {
            out.collect(prior);
        }
    }
}
