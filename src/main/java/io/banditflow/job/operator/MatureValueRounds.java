package io.banditflow.job.operator;

import io.banditflow.core.decide.OpenRounds;
import io.banditflow.core.event.CatalogEntry;
import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.reward.RoundOutcome;
import io.banditflow.core.round.RoundClock;
import io.banditflow.core.util.Timelines;
import io.banditflow.job.operator.policy.PolicyInput;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Value pooling before a batch is final, keyed by product (only with {@code time.maturity} shorter
 * than the attribution window): each round's clicks at its end and its conversions as they arrive,
 * sent at its batch's mature time ({@link RoundClock#batchMatureTime}) as a mature {@link
 * ValueRound} of the category the catalog gave the product when the round started — the rule the
 * final rounds' category follows ({@code CategoryEvidence}). The pool parts fold it in then, and
 * the rest of the round's sales when it is final ({@link ValuePoolParts}).
 *
 * <p>It reads the policy operator's own inputs (round ends, arrived conversions, the catalog). A
 * conversion counts only if it happened by the mature time, and only while that time has not passed
 * here: the sums do not depend on arrival order or parallelism, and one that comes after (late) is
 * pooled with the rest when final, not lost.
 */
public class MatureValueRounds extends KeyedProcessFunction<String, PolicyInput, ValueRound> {
    private final RoundClock clock;

    /** Rounds of batches not mature yet, as {@link OpenRounds} entries. */
    private transient MapState<Long, double[]> rounds;

    private transient MapState<Long, CatalogEntry> catalog;

    public MatureValueRounds(RoundClock clock) {
        this.clock = clock;
    }

    @Override
    public void open(OpenContext context) {
        var runtime = getRuntimeContext();
        rounds =
                runtime.getMapState(
                        new MapStateDescriptor<>(
                                "maturing-rounds", Types.LONG, TypeInformation.of(double[].class)));
        catalog =
                runtime.getMapState(
                        new MapStateDescriptor<>(
                                "catalog", Types.LONG, TypeInformation.of(CatalogEntry.class)));
    }

    @Override
    public void processElement(PolicyInput input, Context ctx, Collector<ValueRound> out)
            throws Exception {
        switch (input.kind()) {
            case ROUND_END -> roundEnded(((PolicyInput.RoundEnd) input).outcome(), ctx);
            case CONVERSION -> converted(((PolicyInput.Conversion) input).event(), ctx);
            case CATALOG -> {
                CatalogEntry entry = ((PolicyInput.Catalog) input).entry();
                catalog.put(entry.eventTime(), entry);
            }
            default -> {}
        }
    }

    private void roundEnded(RoundOutcome roundEnd, Context ctx) throws Exception {
        long mature = matureTime(roundEnd.round());
        if (roundEnd.clicks() <= 0 || mature <= ctx.timerService().currentWatermark()) {
            return; // no clicks, no sales to pool; or mature already (a replay after a restore)
        }
        rounds.put(
                roundEnd.round(),
                OpenRounds.withClicks(rounds.get(roundEnd.round()), roundEnd.clicks()));
        ctx.timerService().registerEventTimeTimer(mature);
    }

    private void converted(FeedbackEvent conversion, Context ctx) throws Exception {
        long round = clock.roundOf(conversion.attributionTime());
        long mature = matureTime(round);
        if (conversion.eventTime() > mature || mature <= ctx.timerService().currentWatermark()) {
            return; // after the maturity: pooled with the rest when final
        }
        rounds.put(
                round,
                OpenRounds.withConversion(
                        rounds.get(round), conversion.eventTime(), conversion.value()));
        ctx.timerService().registerEventTimeTimer(mature);
    }

    private long matureTime(long round) {
        return clock.batchMatureTime(clock.batchOf(round));
    }

    /**
     * Sends every round whose batch is mature by {@code time} — the batch maturing now, and any a
     * restore with another {@code time.maturity} left behind (whose timer is then re-registered
     * where it matures now) — and forgets it.
     */
    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<ValueRound> out) throws Exception {
        SortedMap<Long, double[]> due = new TreeMap<>();
        for (Map.Entry<Long, double[]> e : rounds.entries()) {
            long mature = matureTime(e.getKey());
            if (mature <= time) {
                due.put(e.getKey(), e.getValue());
            } else {
                ctx.timerService().registerEventTimeTimer(mature);
            }
        }
        for (Map.Entry<Long, double[]> e : due.entrySet()) {
            rounds.remove(e.getKey());
            send(e.getKey(), e.getValue(), ctx.getCurrentKey(), out);
        }
        if (!due.isEmpty()) {
            // later rounds start later: entries superseded before the earliest sent round's start
            // are not needed
            for (Long at :
                    Timelines.superseded(catalog.entries(), clock.roundStart(due.firstKey()))) {
                catalog.remove(at);
            }
        }
    }

    /** A round as it stood when its batch matured, of the category in force at its start. */
    private void send(long round, double[] entry, String productId, Collector<ValueRound> out)
            throws Exception {
        long clicks = (long) entry[0];
        if (clicks <= 0) {
            return; // sales without a click at the round's end: pooled when final
        }
        double[] arrived = OpenRounds.arrivedBy(entry, matureTime(round));
        CatalogEntry category = Timelines.at(catalog.entries(), clock.roundStart(round));
        out.collect(
                ValueRound.mature(
                        category == null ? null : category.category(),
                        productId,
                        round,
                        clicks,
                        (long) arrived[0],
                        arrived[1]));
    }
}
