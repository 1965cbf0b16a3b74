package io.banditflow.job.operator.policy;

import static io.banditflow.job.operator.policy.PolicyStateLayout.COMMANDS;
import static io.banditflow.job.operator.policy.PolicyStateLayout.GLOBAL_DRIFT;
import static io.banditflow.job.operator.policy.PolicyStateLayout.GLOBAL_SPEND;

import io.banditflow.core.context.ContextFeatures;
import io.banditflow.core.context.RecentConversions;
import io.banditflow.core.decide.ProductView;
import io.banditflow.core.drift.DriftSignal;
import io.banditflow.core.drift.DriftTimeline;
import io.banditflow.core.drift.MarketAlarm;
import io.banditflow.core.drift.MarketEvidence;
import io.banditflow.core.event.CatalogEntry;
import io.banditflow.core.event.ControlCommand;
import io.banditflow.core.guard.Guards;
import io.banditflow.core.guard.KillSwitch;
import io.banditflow.core.guard.RoundSpend;
import io.banditflow.core.guard.SpendThrottle;
import io.banditflow.core.reward.RoundOutcome;
import io.banditflow.core.round.RoundClock;
import io.banditflow.core.util.Timelines;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;

/**
 * A product's timelines (catalog entries, drift signals and evidence, round-end spend, explored
 * rounds) and what holds for it "as of" a decision's time: the {@link ProductView} the decision
 * rules read and the round's context. Every input effective by a decision's time has arrived when
 * the policy operator's clock reaches it, so arrival order does not matter; entries no decision can
 * need any more are pruned as they are read.
 */
final class ProductViews {
    private static final long DAY_MILLIS = 86_400_000L;

    /** What holds for a product at a decision's time, and the round's context as known then. */
    record Situation(ProductView view, double[] roundContext) {}

    private final RoundClock clock;
    private final Guards guards;

    /** The global spend cap's throttle, or null (no cap, or paced: {@code JobConfig}). */
    private final SpendThrottle throttle;

    private final ContextFeatures contextFeatures;
    private final int spendHistoryRounds;
    private final MapState<Long, CatalogEntry> catalog;
    private final MapState<Long, String> productDrift;
    private final MapState<Long, Integer> marketEvidence;

    /** Whether a market-wide alarm needs the product's own evidence ({@link MarketAlarm}). */
    private final boolean confirmsMarketAlarms;

    private final MapState<Long, RoundSpend> spendByRound;
    private final MapState<Long, Boolean> exploringRounds;
    private final ValueState<RecentConversions> recentConversions;

    /** Today's explored share in requests mode, else null (rounds mode keeps exploring rounds). */
    private final RequestLedger requests;

    /** Whether {@link #catalogEntryRead} was read in this call, at {@link #catalogReadTime}. */
    private boolean catalogRead;

    private long catalogReadTime;
    private CatalogEntry catalogEntryRead;

    ProductViews(
            RoundClock clock,
            Guards guards,
            SpendThrottle throttle,
            ContextFeatures contextFeatures,
            int cpcTrailingRounds,
            RequestLedger requests,
            boolean confirmsMarketAlarms,
            RuntimeContext runtime) {
        this.clock = clock;
        this.guards = guards;
        this.throttle = throttle;
        this.contextFeatures = contextFeatures;
        // today's rounds for the spend caps, the trailing rounds for the CPC guard
        // a day for the caps, the CPC guard's trailing rounds, and a batch for the ended rounds
        this.spendHistoryRounds =
                Math.max(
                                Math.max(clock.periodsPerDay(), cpcTrailingRounds + 1),
                                clock.roundsPerBatch())
                        + 1;
        this.catalog = runtime.getMapState(PolicyStateLayout.catalog());
        this.productDrift = runtime.getMapState(PolicyStateLayout.productDrift());
        this.marketEvidence = runtime.getMapState(PolicyStateLayout.marketEvidence());
        this.confirmsMarketAlarms = confirmsMarketAlarms;
        this.spendByRound = runtime.getMapState(PolicyStateLayout.spendByRound());
        this.exploringRounds = runtime.getMapState(PolicyStateLayout.exploringRounds());
        this.recentConversions = runtime.getState(PolicyStateLayout.recentConversions());
        this.requests = requests;
    }

    /**
     * Starts a call of the operator (an element or a timer of one key): forgets the catalog entry
     * read in the last, which was another key's or another time's.
     */
    void begin() {
        catalogRead = false;
    }

    void catalogEntry(CatalogEntry entry) throws Exception {
        catalog.put(entry.eventTime(), entry);
        catalogRead = false;
    }

    void driftSignal(DriftSignal signal) throws Exception {
        productDrift.put(
                signal.effectiveTime(),
                DriftTimeline.merged(productDrift.get(signal.effectiveTime()), signal));
    }

    /**
     * Keeps the product's evidence for market-wide alarms, pruned here rather than at each decision
     * (evidence changes rarely; decisions read it only while an alarm is in force).
     */
    void marketEvidence(
            MarketEvidence evidence, ReadOnlyBroadcastState<Long, String> global, long clock)
            throws Exception {
        marketEvidence.put(evidence.effectiveTime(), evidence.metrics());
        for (Long at :
                MarketAlarm.prunableEvidence(
                        global.immutableEntries(), read(marketEvidence), clock)) {
            marketEvidence.remove(at);
        }
    }

    /** A round's outcome at its end: its spend, clicks and impressions. */
    void roundEnded(RoundOutcome o) throws Exception {
        spendByRound.put(
                o.round(), new RoundSpend(o.round(), o.cost(), o.clicks(), o.impressions()));
    }

    /**
     * A round's impressions, clicks and cost at its end, or null if it had no traffic (kept for
     * {@link #spendHistoryRounds}, at least a batch).
     */
    RoundOutcome roundEndOf(String productId, long round) throws Exception {
        RoundSpend spend = spendByRound.get(round);
        return spend == null
                ? null
                : new RoundOutcome(
                        productId, round, spend.impressions(), spend.clicks(), spend.cost(), 0, 0);
    }

    /** A round whose learned bid was not the learner's best (the exploration cap counts it). */
    void explored(long round) throws Exception {
        exploringRounds.put(round, true);
    }

    /** Whether the catalog lists the product ACTIVE at {@code time}: it keeps its decisions. */
    boolean listedActiveAt(long time) throws Exception {
        CatalogEntry entry = catalogAt(time);
        return entry != null && !entry.paused();
    }

    /**
     * The product's catalog entry in force at {@code time}, or null: read once per call and time
     * (on RocksDB each read is an iterator seek; a timer that learns a batch and then the open
     * rounds asks for it twice).
     */
    CatalogEntry catalogAt(long time) throws Exception {
        if (!catalogRead || catalogReadTime != time) {
            remember(Timelines.at(catalog.entries(), time), time);
        }
        return catalogEntryRead;
    }

    private void remember(CatalogEntry entry, long time) {
        catalogEntryRead = entry;
        catalogReadTime = time;
        catalogRead = true;
    }

    /**
     * The catalog entry, kill switch, drift fallback and guardrails in force at {@code time}, and
     * the round context of the interval {@code start..end} as known then.
     */
    Situation at(
            String key,
            long round,
            long start,
            long end,
            long time,
            KeyedBroadcastProcessFunction<?, ?, ?, ?>.ReadOnlyContext ctx)
            throws Exception {
        List<Map.Entry<Long, CatalogEntry>> entries = read(catalog);
        CatalogEntry entry = Timelines.at(entries, time);
        for (Long at : Timelines.superseded(entries, time)) {
            catalog.remove(at);
        }
        remember(entry, time);
        int baselineArm =
                entry != null && entry.hasBaseBid()
                        ? guards.baselineArm(key, entry.baseBid())
                        : guards.baselineArm(key);
        ControlCommand command =
                KillSwitch.binding(values(ctx.getBroadcastState(COMMANDS)), key, time);
        String fallback = driftAt(time, ctx.getBroadcastState(GLOBAL_DRIFT));
        List<RoundSpend> known = knownSpends(time);
        Guards.Allowed allowed =
                guardsAt(key, baselineArm, round, time, known, ctx.getBroadcastState(GLOBAL_SPEND));
        long oldestOfLastDay = clock.roundOf(time) - clock.periodsPerDay();
        double[] context =
                contextFeatures.of(
                        start,
                        end,
                        known.stream().filter(s -> s.round() >= oldestOfLastDay).toList(),
                        recentConversions.value(),
                        entry);
        return new Situation(
                new ProductView(entry, baselineArm, command, fallback, allowed), context);
    }

    /**
     * The product's spend of the rounds that had ended by {@code time}, in round order (their
     * round-end outcomes have all arrived when the clock reaches it); drops rounds too old for the
     * guardrails and the context.
     */
    private List<RoundSpend> knownSpends(long time) throws Exception {
        List<RoundSpend> known = new ArrayList<>();
        List<Long> expired = new ArrayList<>();
        long oldestKept = clock.roundOf(time) - spendHistoryRounds;
        for (Map.Entry<Long, RoundSpend> entry : spendByRound.entries()) {
            RoundSpend spend = entry.getValue();
            if (spend.round() < oldestKept) {
                expired.add(entry.getKey());
            } else if (clock.roundEnd(spend.round()) - 1 <= time) {
                known.add(spend);
            }
        }
        for (Long r : expired) {
            spendByRound.remove(r);
        }
        known.sort(Comparator.comparingLong(RoundSpend::round));
        return known;
    }

    /**
     * What the guardrails allow for a round decided at {@code time}, given the product's known
     * spends, today being the rounds of the decided round's UTC day.
     */
    private Guards.Allowed guardsAt(
            String key,
            int baselineArm,
            long round,
            long time,
            List<RoundSpend> known,
            ReadOnlyBroadcastState<Long, Double> globalSpend)
            throws Exception {
        long day = Math.floorDiv(clock.roundStart(round), DAY_MILLIS);
        double productToday = 0;
        for (RoundSpend spend : known) {
            if (Math.floorDiv(clock.roundStart(spend.round()), DAY_MILLIS) == day) {
                productToday += spend.cost();
            }
        }
        double exploredToday = Double.NaN;
        boolean explorationCapped = guards.settings().explorationShare() < 1;
        if (explorationCapped && requests != null) {
            exploredToday = requests.exploredShare(day);
        } else if (explorationCapped) {
            long oldestKept = clock.roundOf(time) - spendHistoryRounds;
            List<Long> expired = new ArrayList<>();
            for (Long explored : exploringRounds.keys()) {
                if (explored < oldestKept) {
                    expired.add(explored);
                }
            }
            for (Long explored : expired) {
                exploringRounds.remove(explored);
            }
            double explorationToday = 0;
            for (RoundSpend spend : known) {
                if (Math.floorDiv(clock.roundStart(spend.round()), DAY_MILLIS) == day
                        && exploringRounds.contains(spend.round())) {
                    explorationToday += spend.cost();
                }
            }
            exploredToday = Guards.exploredShare(explorationToday, productToday);
        }
        return guards.allowed(
                key,
                baselineArm,
                productToday,
                SpendThrottle.spentToday(globalSpend.immutableEntries(), clock, round, time),
                throttle == null
                        ? SpendThrottle.Share.ALL
                        : throttle.of(copy(globalSpend), key, round, time),
                exploredToday,
                known);
    }

    /** The broadcast spend per round as a map: only for the throttle, off the unthrottled path. */
    private static Map<Long, Double> copy(ReadOnlyBroadcastState<Long, Double> globalSpend)
            throws Exception {
        Map<Long, Double> byRound = new HashMap<>();
        for (Map.Entry<Long, Double> entry : globalSpend.immutableEntries()) {
            byRound.put(entry.getKey(), entry.getValue());
        }
        return byRound;
    }

    static List<ControlCommand> values(ReadOnlyBroadcastState<String, ControlCommand> commands)
            throws Exception {
        List<ControlCommand> all = new ArrayList<>();
        commands.immutableEntries().forEach(e -> all.add(e.getValue()));
        return all;
    }

    /**
     * The drift fallback in force at {@code time}: the product's own or, failing that, the market's
     * when the product's own evidence agrees ({@link MarketAlarm}). Every signal and evidence
     * effective by {@code time} has arrived when the operator's clock reaches it.
     *
     * @return the reason of the fallback, or null when the learner decides
     */
    private String driftAt(long time, ReadOnlyBroadcastState<Long, String> global)
            throws Exception {
        List<Map.Entry<Long, String>> entries = read(productDrift);
        String product = DriftTimeline.fallbackAt(entries, time);
        for (Long at : Timelines.superseded(entries, time)) {
            productDrift.remove(at);
        }
        if (product != null) {
            return product;
        }
        MarketAlarm.Alarm alarm = MarketAlarm.inForce(global.immutableEntries(), time);
        if (alarm == null || !confirmsMarketAlarms) {
            return alarm == null ? null : alarm.reason();
        }
        return alarm.confirmedBy(read(marketEvidence), time);
    }

    /**
     * A timeline's entries, read once: on RocksDB every pass over a map state is an iterator seek,
     * and a decision reads each timeline's value and prunes its superseded entries.
     */
    private static <V> List<Map.Entry<Long, V>> read(MapState<Long, V> timeline) throws Exception {
        List<Map.Entry<Long, V>> entries = new ArrayList<>();
        timeline.entries().forEach(entries::add);
        return entries;
    }
}
