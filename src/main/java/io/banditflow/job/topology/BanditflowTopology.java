package io.banditflow.job.topology;

import io.banditflow.core.drift.DriftMetric;
import io.banditflow.core.drift.DriftScope;
import io.banditflow.core.drift.DriftSignal;
import io.banditflow.core.event.CatalogEntry;
import io.banditflow.core.event.ControlCommand;
import io.banditflow.core.event.DeadLetter;
import io.banditflow.core.event.EventType;
import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.event.LateEvent;
import io.banditflow.core.event.RecordSource;
import io.banditflow.core.guard.RoundSpend;
import io.banditflow.core.policy.Decision;
import io.banditflow.core.reward.RoundOutcome;
import io.banditflow.core.round.RoundClock;
import io.banditflow.job.config.JobConfig;
import io.banditflow.job.operator.ActivityFilter;
import io.banditflow.job.operator.CategoryEvidence;
import io.banditflow.job.operator.CategoryPools;
import io.banditflow.job.operator.CountAfterFinal;
import io.banditflow.job.operator.DriftOperator;
import io.banditflow.job.operator.FeedbackWatermarks;
import io.banditflow.job.operator.FinalRoundGuard;
import io.banditflow.job.operator.FireAtEndAndWhenFinal;
import io.banditflow.job.operator.GlobalDriftOperator;
import io.banditflow.job.operator.GlobalSpend;
import io.banditflow.job.operator.GlobalTraffic;
import io.banditflow.job.operator.MatureValueRounds;
import io.banditflow.job.operator.PooledRound;
import io.banditflow.job.operator.ResidualShards;
import io.banditflow.job.operator.RoundTallies;
import io.banditflow.job.operator.RouteControlPlane;
import io.banditflow.job.operator.RouteEvents;
import io.banditflow.job.operator.SideOutputs;
import io.banditflow.job.operator.StagedOutcome;
import io.banditflow.job.operator.TrafficTotal;
import io.banditflow.job.operator.ValuePoolParts;
import io.banditflow.job.operator.ValueRound;
import io.banditflow.job.operator.policy.PolicyBroadcast;
import io.banditflow.job.operator.policy.PolicyInput;
import io.banditflow.job.operator.policy.PolicyOperator;
import io.banditflow.job.operator.policy.PolicyStateLayout;
import io.banditflow.job.sink.JobSinks;
import io.banditflow.job.source.EventSources;
import io.banditflow.job.source.ParsedCatalog;
import io.banditflow.job.source.ParsedCommand;
import io.banditflow.job.source.ParsedRecord;
import io.banditflow.job.source.ParsedRequest;
import io.banditflow.job.source.ReceivedRequest;
import java.util.Locale;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * Assembles the banditflow job. The one place the topology is defined: production, the demo and the
 * tests all build it here, with their own sources and sinks. {@link #assemble} reads as the
 * diagram, one helper per source kind and per branch:
 *
 * <pre>
 * impressions ─┐ (validated, watermarks per partition)      ┌─► late (after round final)
 * clicks ──────┼─► route ─► union ─► keyBy(product) ─► final-round guard ─► round window ─► outcomes
 * conversions ─┘      │ └─► late (outside attribution)  │                                    │
 *                     └─► dead letters                   └─► activity ─┐  global traffic, spend ┤
 *                                                                      ▼                        ▼ broadcast
 * control (kill switch) ─► route ───────────────────────► policy (keyed by product) ◄──────────┘
 *                                                                      └─► decisions
 *
 * drift:         outcomes at round end and when final ─► drift per product (keyed, on residuals)
 *                  ├─► residuals ─► keyBy(shard) ─► samples ─► drift of all products (broadcast)
 *                  └─► the product's evidence for market-wide alarms (keyed, when it changes)
 * cold start:    outcomes + catalog ─► category evidence ─► keyBy(category) ─► pools ─► broadcast
 * value pooling: final rounds (+ category) ─► keyBy(category, shard) ─► parts ─► broadcast, merged
 *                (with time.maturity &lt; W, also round ends + conversions + catalog ─► mature rounds)
 * requests mode: requests ─► route ─┐
 *                feedback with a decision id ─┴─► policy ─► answers at once; late: unjoined feedback
 * </pre>
 */
public final class BanditflowTopology {
    /** Stable operator ids: savepoints map state to operators by these. Never change one. */
    public static final String UID_ROUND_OUTCOMES = "round-outcomes";

    public static final String UID_FINAL_ROUND_GUARD = "final-round-guard";

    public static final String UID_GLOBAL_TRAFFIC = "global-traffic";
    public static final String UID_GLOBAL_TRAFFIC_AT_ROUND_END = "global-traffic-at-round-end";
    public static final String UID_POLICY = "policy";
    public static final String UID_GLOBAL_SPEND = "global-spend";
    public static final String UID_DRIFT_PRODUCT = "drift-product";
    public static final String UID_DRIFT_GLOBAL = "drift-global";
    public static final String UID_DRIFT_SHARDS = "drift-residual-shards";
    public static final String UID_CATEGORY_EVIDENCE = "category-evidence";
    public static final String UID_CATEGORY_POOLS = "category-pools";
    public static final String UID_VALUE_POOL_PARTS = "value-pool-parts";
    public static final String UID_MATURE_VALUE_ROUNDS = "mature-value-rounds";

    private final StreamExecutionEnvironment env;
    private final JobConfig config;
    private final EventSources sources;
    private final JobSinks sinks;
    private final RoundClock clock;
    private final JobConfig.Time time;

    /** Every branch's dead letters and late events, written to one topic each at the end. */
    private DataStream<DeadLetter> deadLetters;

    private DataStream<LateEvent> late;

    private BanditflowTopology(
            StreamExecutionEnvironment env,
            JobConfig config,
            EventSources sources,
            JobSinks sinks) {
        this.env = env;
        this.config = config;
        this.sources = sources;
        this.sinks = sinks;
        this.clock = config.clock();
        this.time = config.time();
    }

    public static void build(
            StreamExecutionEnvironment env,
            JobConfig config,
            EventSources sources,
            JobSinks sinks) {
        new BanditflowTopology(env, config, sources, sinks).assemble();
    }

    /** The architecture diagram, top to bottom. */
    private void assemble() {
        DataStream<FeedbackEvent> events = feedbackEvents();
        SingleOutputStreamOperator<ControlCommand> commands = controlCommands();
        SingleOutputStreamOperator<CatalogEntry> catalog = catalogEntries();
        SingleOutputStreamOperator<RoundOutcome> outcomes = roundOutcomes(events);
        DataStream<RoundOutcome> atRoundEnd =
                outcomes.getSideOutput(SideOutputs.ROUND_END_OUTCOMES);
        SingleOutputStreamOperator<RoundSpend> globalSpend = globalSpend(atRoundEnd);
        SingleOutputStreamOperator<PooledRound> categorized =
                catalog != null && (config.coldStart().byCategory() || config.poolsValue())
                        ? categoryEvidence(outcomes, catalog)
                        : null;

        boolean roundsMode = !config.requests().enabled();
        boolean poolsWhenMature = config.poolsValue() && roundsMode && clock.maturesBeforeFinal();
        DataStream<PolicyInput> roundEnds =
                toPolicy(atRoundEnd, PolicyInput::atRoundEnd, "spend", "Spend");
        DataStream<PolicyInput> catalogInput =
                catalog == null ? null : toPolicy(catalog, PolicyInput::of, "catalog", "Catalog");
        DataStream<PolicyInput> conversions =
                (config.learnsOpenValue() && roundsMode) || poolsWhenMature
                        ? arrivedConversions(events)
                        : null;
        DataStream<PolicyInput> policyInput =
                union(
                        toPolicy(outcomes, PolicyInput::of, "outcomes", "Outcomes"),
                        roundEnds,
                        roundsMode ? activity(events) : requestInputs(events),
                        catalogInput,
                        config.learnsOpenValue() && roundsMode ? conversions : null);
        DataStream<PolicyBroadcast> broadcast =
                union(
                        toBroadcast(
                                globalTraffic(outcomes), PolicyBroadcast::of, "traffic", "Traffic"),
                        config.learnsWhenEnded() && !config.requests().enabled()
                                ? toBroadcast(
                                        globalTrafficAtRoundEnd(atRoundEnd),
                                        PolicyBroadcast::of,
                                        "traffic-at-round-end",
                                        "Traffic at round end")
                                : null,
                        toBroadcast(globalSpend, PolicyBroadcast::of, "spend", "Global spend"),
                        toBroadcast(commands, PolicyBroadcast::of, "control", "Control"),
                        config.coldStart().byCategory() ? categoryPriors(categorized) : null,
                        config.poolsValue()
                                ? valuePools(
                                        outcomes,
                                        categorized,
                                        poolsWhenMature
                                                ? union(roundEnds, conversions, catalogInput)
                                                : null)
                                : null,
                        config.pacing().enabled()
                                ? toBroadcast(
                                        globalSpend.getSideOutput(SideOutputs.PACING),
                                        PolicyBroadcast::of,
                                        "pacing",
                                        "Pacing")
                                : null);
        if (config.drift().enabled()) {
            SingleOutputStreamOperator<DriftSignal> productDrift =
                    productDrift(staged(outcomes, atRoundEnd));
            DataStream<DriftSignal> globalDrift = globalDrift(productDrift);
            policyInput =
                    policyInput.union(
                            toPolicy(productDrift, PolicyInput::of, "drift", "Product drift"),
                            toPolicy(
                                    productDrift.getSideOutput(SideOutputs.MARKET_EVIDENCE),
                                    PolicyInput::of,
                                    "market-evidence",
                                    "Market-wide evidence"));
            broadcast =
                    broadcast.union(
                            toBroadcast(globalDrift, PolicyBroadcast::of, "drift", "Global drift"));
            sinks.signals(productDrift.union(globalDrift));
        }
        decisions(policy(policyInput, broadcast));
        sinks.deadLetters(deadLetters);
        sinks.late(late);
    }

    /**
     * Impressions, clicks and conversions, validated and watermarked per partition in their
     * sources, routed: rejections to the dead letters, conversions outside the attribution window
     * to the late output.
     */
    private DataStream<FeedbackEvent> feedbackEvents() {
        WatermarkStrategy<ParsedRecord> watermarks =
                FeedbackWatermarks.strategy(time.maxOutOfOrderness(), time.sourceIdleness());
        DataStream<FeedbackEvent> events = null;
        for (EventType type : EventType.values()) {
            String name = type.name().toLowerCase(Locale.ROOT);
            SingleOutputStreamOperator<FeedbackEvent> valid =
                    sources.stream(env, type, time.maxFutureSkew().toMillis(), watermarks)
                            .process(new RouteEvents(type, clock.attributionMillis()))
                            .uid("route-" + name)
                            .name("Route " + name + "s");
            events = events == null ? valid : events.union(valid);
            deadLetter(valid.getSideOutput(SideOutputs.DEAD_LETTERS));
            lateEvent(valid.getSideOutput(SideOutputs.OUTSIDE_ATTRIBUTION));
        }
        return events;
    }

    /** The kill switch's commands, validated; invalid ones to the dead letters. */
    private SingleOutputStreamOperator<ControlCommand> controlCommands() {
        SingleOutputStreamOperator<ControlCommand> commands =
                sources.commands(
                                env,
                                time.maxFutureSkew().toMillis(),
                                controlPlaneWatermarks(
                                        (ParsedCommand command, long previous) ->
                                                command.timestamp()))
                        .process(
                                new RouteControlPlane<ParsedCommand, ControlCommand>(
                                        RecordSource.CONTROL,
                                        "commands",
                                        "action",
                                        command -> command.action().name()))
                        .returns(ControlCommand.class)
                        .uid("route-control")
                        .name("Route control");
        deadLetter(commands.getSideOutput(SideOutputs.DEAD_LETTERS));
        return commands;
    }

    /** The product catalog, validated, when the job reads one; else null. */
    private SingleOutputStreamOperator<CatalogEntry> catalogEntries() {
        if (config.kafka().catalogTopic() == null) {
            return null;
        }
        SingleOutputStreamOperator<CatalogEntry> catalog =
                sources.catalog(
                                env,
                                time.maxFutureSkew().toMillis(),
                                controlPlaneWatermarks(
                                        (ParsedCatalog entry, long previous) -> entry.timestamp()))
                        .process(
                                new RouteControlPlane<ParsedCatalog, CatalogEntry>(
                                        RecordSource.CATALOG,
                                        "catalogEntries",
                                        "status",
                                        entry -> entry.status().name()))
                        .returns(CatalogEntry.class)
                        .uid("route-catalog")
                        .name("Route catalog");
        deadLetter(catalog.getSideOutput(SideOutputs.DEAD_LETTERS));
        return catalog;
    }

    /** Bounded out-of-orderness and idleness, by the record's own time. */
    private <T> WatermarkStrategy<T> controlPlaneWatermarks(
            SerializableTimestampAssigner<T> timestamp) {
        return WatermarkStrategy.<T>forBoundedOutOfOrderness(time.maxOutOfOrderness())
                .withTimestampAssigner(timestamp)
                .withIdleness(time.sourceIdleness());
    }

    /**
     * Each product's rounds: a tumbling window per round whose lateness is the attribution window,
     * firing at the round's end (side output) and when final; events of final rounds, judged by the
     * clock the job had reached even across a restore, to the late output.
     */
    private SingleOutputStreamOperator<RoundOutcome> roundOutcomes(
            DataStream<FeedbackEvent> events) {
        SingleOutputStreamOperator<FeedbackEvent> onTime =
                events.keyBy(FeedbackEvent::productId)
                        .transform(
                                "Final round guard",
                                TypeInformation.of(FeedbackEvent.class),
                                new FinalRoundGuard(clock))
                        .uid(UID_FINAL_ROUND_GUARD);
        SingleOutputStreamOperator<RoundOutcome> outcomes =
                DataStreamUtils.reinterpretAsKeyedStream(onTime, FeedbackEvent::productId)
                        .window(TumblingEventTimeWindows.of(time.round()))
                        .allowedLateness(time.attributionWindow())
                        .trigger(new FireAtEndAndWhenFinal(clock.attributionMillis()))
                        .sideOutputLateData(SideOutputs.AFTER_ROUND_FINAL)
                        .aggregate(new RoundTallies.Aggregate(), new RoundTallies.ToOutcome(clock))
                        .uid(UID_ROUND_OUTCOMES)
                        .name("Round outcomes");
        lateEvent(
                outcomes.getSideOutput(SideOutputs.AFTER_ROUND_FINAL)
                        .union(onTime.getSideOutput(SideOutputs.AFTER_ROUND_FINAL))
                        .map(new CountAfterFinal())
                        .uid("late-after-final")
                        .name("Late after round final"));
        return outcomes;
    }

    private DataStream<TrafficTotal> globalTraffic(DataStream<RoundOutcome> outcomes) {
        return globalTraffic(outcomes, false, UID_GLOBAL_TRAFFIC, "Global traffic per round");
    }

    /** Global impressions per round, one key, emitted at round end or when final. */
    private DataStream<TrafficTotal> globalTraffic(
            DataStream<RoundOutcome> outcomes, boolean atRoundEnd, String uid, String name) {
        return outcomes.keyBy(outcome -> 0, Types.INT)
                .process(new GlobalTraffic(clock, atRoundEnd))
                .uid(uid)
                .name(name);
    }

    /**
     * Global impressions per round as they stand at the round's end, for a learner that learns the
     * landscape then: its traffic shares are of the days ended, not of the days final, two days
     * older (docs/learners.md, "Learning the landscape when rounds end").
     */
    private DataStream<TrafficTotal> globalTrafficAtRoundEnd(DataStream<RoundOutcome> atRoundEnd) {
        return globalTraffic(
                atRoundEnd, true, UID_GLOBAL_TRAFFIC_AT_ROUND_END, "Global traffic at round end");
    }

    private SingleOutputStreamOperator<RoundSpend> globalSpend(
            DataStream<RoundOutcome> atRoundEnd) {
        return atRoundEnd
                .keyBy(outcome -> 0, Types.INT)
                .process(
                        new GlobalSpend(
                                clock, config.budgetPacer(), config.guardrails().dailySpendCap()))
                .uid(UID_GLOBAL_SPEND)
                .name("Global spend per round");
    }

    /** Rounds mode: one activity record per product and round, for activation and inactivity. */
    private DataStream<PolicyInput> activity(DataStream<FeedbackEvent> events) {
        return toPolicy(
                events.process(new ActivityFilter(clock)).uid("activity").name("Product activity"),
                PolicyInput::of,
                "activity",
                "Activity");
    }

    /**
     * Every conversion as it arrives, for a learner that learns value per click from the rounds
     * inside the attribution window (conversions are the sparsest events: a small stream).
     */
    private DataStream<PolicyInput> arrivedConversions(DataStream<FeedbackEvent> events) {
        return toPolicy(
                events.filter(event -> event.type() == EventType.CONVERSION)
                        .uid("arrived-conversions")
                        .name("Arrived conversions"),
                PolicyInput::conversion,
                "conversions",
                "Conversions");
    }

    /**
     * Requests mode: the decision requests, sent on without waiting to fill a network buffer, and
     * the feedback that echoes a decision id.
     */
    private DataStream<PolicyInput> requestInputs(DataStream<FeedbackEvent> events) {
        SingleOutputStreamOperator<ReceivedRequest> asked = requests();
        deadLetter(asked.getSideOutput(SideOutputs.DEAD_LETTERS));
        SingleOutputStreamOperator<PolicyInput> askedInput =
                toPolicy(asked, PolicyInput::of, "requests", "Requests");
        askedInput.setBufferTimeout(config.requests().bufferTimeout().toMillis());
        return askedInput.union(
                toPolicy(
                        events.filter(event -> event.decisionId() != null)
                                .uid("request-feedback")
                                .name("Feedback with a decision id"),
                        PolicyInput::feedback,
                        "feedback",
                        "Feedback"));
    }

    /** The outcomes of both stages, for the drift monitors. */
    private DataStream<StagedOutcome> staged(
            DataStream<RoundOutcome> outcomes, DataStream<RoundOutcome> atRoundEnd) {
        return atRoundEnd
                .map(o -> new StagedOutcome(DriftMetric.Stage.ROUND_END, o))
                .returns(StagedOutcome.class)
                .uid("staged-round-end")
                .name("Outcomes at round end")
                .union(
                        outcomes.map(o -> new StagedOutcome(DriftMetric.Stage.ROUND_FINAL, o))
                                .returns(StagedOutcome.class)
                                .uid("staged-round-final")
                                .name("Outcomes when final"));
    }

    /** The policy operator, keyed by product, with the broadcast inputs every instance needs. */
    private SingleOutputStreamOperator<Decision> policy(
            DataStream<PolicyInput> policyInput, DataStream<PolicyBroadcast> broadcast) {
        return policyInput
                .keyBy(PolicyInput::productId)
                .connect(
                        broadcast.broadcast(
                                PolicyStateLayout.broadcast()
                                        .toArray(MapStateDescriptor<?, ?>[]::new)))
                .process(new PolicyOperator(config))
                .uid(UID_POLICY)
                .name("Policy (" + config.learner().algorithm() + ")");
    }

    /** Decisions (or answers) and the shadows' decisions to their sinks. */
    private void decisions(SingleOutputStreamOperator<Decision> decisions) {
        if (config.requests().enabled()) {
            decisions.setBufferTimeout(config.requests().bufferTimeout().toMillis());
            sinks.answers(decisions);
            lateEvent(decisions.getSideOutput(SideOutputs.UNJOINED_FEEDBACK));
        } else {
            sinks.decisions(decisions);
        }
        if (!config.shadows().isEmpty()) {
            sinks.shadowDecisions(decisions.getSideOutput(SideOutputs.SHADOW_DECISIONS));
        }
    }

    private static <T> SingleOutputStreamOperator<PolicyInput> toPolicy(
            DataStream<T> stream, MapFunction<T, PolicyInput> as, String uid, String name) {
        return stream.map(as)
                .returns(PolicyInput.TYPE)
                .uid("policy-input-" + uid)
                .name(name + " to policy");
    }

    private static <T> DataStream<PolicyBroadcast> toBroadcast(
            DataStream<T> stream, MapFunction<T, PolicyBroadcast> as, String uid, String name) {
        return stream.map(as)
                .returns(PolicyBroadcast.TYPE)
                .uid("policy-broadcast-" + uid)
                .name(name + " to policy");
    }

    /** The union of the streams given, skipping nulls (branches the job file leaves out). */
    @SafeVarargs
    private static <T> DataStream<T> union(DataStream<T>... streams) {
        DataStream<T> all = null;
        for (DataStream<T> stream : streams) {
            if (stream != null) {
                all = all == null ? stream : all.union(stream);
            }
        }
        return all;
    }

    private void deadLetter(DataStream<DeadLetter> rejected) {
        deadLetters = deadLetters == null ? rejected : deadLetters.union(rejected);
    }

    private void lateEvent(DataStream<LateEvent> events) {
        late = late == null ? events : late.union(events);
    }

    /**
     * The decision requests, validated and routed to the policy operator; sent on without waiting
     * to fill a network buffer, since an answer is waited for.
     */
    private SingleOutputStreamOperator<ReceivedRequest> requests() {
        SingleOutputStreamOperator<ReceivedRequest> routed =
                sources.requests(
                                env,
                                time.maxFutureSkew().toMillis(),
                                controlPlaneWatermarks(
                                        (ParsedRequest request, long previous) ->
                                                request.timestamp()))
                        .process(
                                new RouteControlPlane<ParsedRequest, ReceivedRequest>(
                                        RecordSource.REQUEST,
                                        "requests",
                                        "device",
                                        request ->
                                                request.request().device() == null
                                                        ? "UNKNOWN"
                                                        : request.request().device().name()))
                        .returns(ReceivedRequest.class)
                        .uid("route-requests")
                        .name("Route requests");
        routed.setBufferTimeout(config.requests().bufferTimeout().toMillis());
        return routed;
    }

    /**
     * Cold start: each product's final rounds as evidence for its catalog category, pooled per
     * category, and every category's prior sent to all policy instances. Learns from the market's
     * answers (the bid the impressions echoed), not from the policy's decisions, so the topology
     * stays free of cycles.
     */
    /** Each final round with the category the catalog gave its product when it started. */
    private SingleOutputStreamOperator<PooledRound> categoryEvidence(
            DataStream<RoundOutcome> outcomes, DataStream<CatalogEntry> catalog) {
        return outcomes.keyBy(RoundOutcome::productId)
                .connect(catalog.keyBy(CatalogEntry::productId))
                .process(new CategoryEvidence(config))
                .uid(UID_CATEGORY_EVIDENCE)
                .name("Category evidence");
    }

    /**
     * Value per click pooled in two phases: each pool key's part (a category's shard, {@link
     * ValuePoolParts}), then merged by every policy instance. Without a catalog, every product's
     * rounds go to the shards of all products.
     */
    private DataStream<PolicyBroadcast> valuePools(
            DataStream<RoundOutcome> outcomes,
            SingleOutputStreamOperator<PooledRound> categorized,
            DataStream<PolicyInput> maturing) {
        DataStream<ValueRound> rounds =
                categorized != null
                        ? categorized.getSideOutput(SideOutputs.VALUE_ROUNDS)
                        : outcomes.map(outcome -> ValueRound.of(null, outcome))
                                .returns(ValueRound.class)
                                .uid("value-rounds")
                                .name("Value rounds");
        if (maturing != null) {
            rounds =
                    rounds.union(
                            maturing.keyBy(PolicyInput::productId)
                                    .process(new MatureValueRounds(clock))
                                    .uid(UID_MATURE_VALUE_ROUNDS)
                                    .name("Mature value rounds"));
        }
        return rounds.keyBy(ValueRound::poolKey)
                .process(new ValuePoolParts(clock))
                .uid(UID_VALUE_POOL_PARTS)
                .name("Value pool parts")
                .map(PolicyBroadcast::of)
                .returns(PolicyBroadcast.TYPE)
                .uid("policy-broadcast-value")
                .name("Value pools to policy");
    }

    private DataStream<PolicyBroadcast> categoryPriors(DataStream<PooledRound> categorized) {
        return categorized
                .keyBy(PooledRound::category)
                .process(new CategoryPools(config))
                .uid(UID_CATEGORY_POOLS)
                .name("Category pools")
                .map(PolicyBroadcast::of)
                .returns(PolicyBroadcast.TYPE)
                .uid("policy-broadcast-priors")
                .name("Category priors to policy");
    }

    /** Each product's drift monitor, on its residuals against its own model at each bid. */
    private SingleOutputStreamOperator<DriftSignal> productDrift(DataStream<StagedOutcome> staged) {
        return staged.keyBy(StagedOutcome::productId)
                .process(new DriftOperator(config))
                .uid(UID_DRIFT_PRODUCT)
                .name("Drift (product)");
    }

    /**
     * The market-wide monitor in two phases: the products' residuals sampled per shard of products,
     * then the shards' samples merged and judged.
     */
    private DataStream<DriftSignal> globalDrift(SingleOutputStreamOperator<DriftSignal> products) {
        return products.getSideOutput(SideOutputs.ROUND_RESIDUALS)
                .keyBy(r -> ResidualShards.shardOf(r.productId()), Types.STRING)
                .process(new ResidualShards(config))
                .uid(UID_DRIFT_SHARDS)
                .name("Drift residual samples (per shard)")
                .keyBy(sample -> DriftScope.ALL_PRODUCTS, Types.STRING)
                .process(new GlobalDriftOperator(config))
                .uid(UID_DRIFT_GLOBAL)
                .name("Drift (all products)");
    }
}
