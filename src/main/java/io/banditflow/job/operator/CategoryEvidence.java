package io.banditflow.job.operator;

import io.banditflow.core.event.CatalogEntry;
import io.banditflow.core.pool.CategoryPooling;
import io.banditflow.core.reward.RoundOutcome;
import io.banditflow.core.round.RoundClock;
import io.banditflow.core.util.Timelines;
import io.banditflow.job.config.JobConfig;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Cold start, first step, keyed by product: turns each final round into evidence for the pool of
 * the category the catalog gave the product when the round started ({@link CategoryPooling}), and,
 * when the learners pool value per click, into a {@link ValueRound} of that category. A round waits
 * for the event-time timer at its final time, so the catalog entries up to its start have arrived
 * whatever the order of the two inputs. Rounds of products without a category, and rounds whose
 * impressions echoed no single bid of the grid, are counted and give no evidence.
 */
public class CategoryEvidence
        extends KeyedCoProcessFunction<String, RoundOutcome, CatalogEntry, PooledRound> {
    private final JobConfig config;

    private transient RoundClock clock;
    private transient CategoryPooling pooling;
    private transient boolean poolsValue;
    private transient MapState<Long, RoundOutcome> finalRounds;
    private transient MapState<Long, CatalogEntry> catalog;
    private transient Counter pooledRounds;
    private transient Counter roundsWithoutCategory;
    private transient Counter roundsWithoutBid;

    public CategoryEvidence(JobConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext context) {
        clock = config.clock();
        pooling = config.categoryPooling();
        poolsValue = config.poolsValue();
        var runtime = getRuntimeContext();
        finalRounds =
                runtime.getMapState(
                        new MapStateDescriptor<>(
                                "final-rounds",
                                Types.LONG,
                                TypeInformation.of(RoundOutcome.class)));
        catalog =
                runtime.getMapState(
                        new MapStateDescriptor<>(
                                "catalog", Types.LONG, TypeInformation.of(CatalogEntry.class)));
        var metrics = runtime.getMetricGroup();
        pooledRounds = metrics.counter("pooledRounds");
        roundsWithoutCategory = metrics.counter("roundsWithoutCategory");
        roundsWithoutBid = metrics.counter("roundsWithoutBid");
    }

    @Override
    public void processElement1(RoundOutcome outcome, Context ctx, Collector<PooledRound> out)
            throws Exception {
        finalRounds.put(outcome.round(), outcome);
        ctx.timerService().registerEventTimeTimer(clock.roundFinalTime(outcome.round()));
    }

    @Override
    public void processElement2(CatalogEntry entry, Context ctx, Collector<PooledRound> out)
            throws Exception {
        catalog.put(entry.eventTime(), entry);
    }

    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<PooledRound> out)
            throws Exception {
        Long round = clock.roundFinalAt(time);
        RoundOutcome outcome = round == null ? null : finalRounds.get(round);
        if (outcome == null) {
            return;
        }
        finalRounds.remove(round);
        long start = clock.roundStart(round);
        CatalogEntry entry = Timelines.at(catalog.entries(), start);
        // later rounds start later: entries superseded before this one's start are not needed
        for (Long at : Timelines.superseded(catalog.entries(), start)) {
            catalog.remove(at);
        }
        String category = entry == null ? null : entry.category();
        if (poolsValue) {
            ctx.output(SideOutputs.VALUE_ROUNDS, ValueRound.of(category, outcome));
        }
        if (category == null) {
            roundsWithoutCategory.inc();
            return;
        }
        if (pooling == null) {
            return; // categories for the value pools only
        }
        CategoryPooling.Evidence evidence = pooling.evidence(outcome);
        if (evidence == null) {
            roundsWithoutBid.inc();
            return;
        }
        pooledRounds.inc();
        out.collect(new PooledRound(category, evidence));
    }
}
