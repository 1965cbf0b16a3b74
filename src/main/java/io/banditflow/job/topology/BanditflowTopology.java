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
import io.banditflow.core.event.LateReason;
import io.banditflow.core.event.RecordSource;
import io.banditflow.core.guard.RoundSpend;
import io.banditflow.core.policy.Decision;
import io.banditflow.core.reward.RoundOutcome;
import io.banditflow.core.round.RoundClock;
import io.banditflow.job.config.JobConfig;
import io.banditflow.job.operator.ActivityFilter;
import io.banditflow.job.operator.CategoryEvidence;
import io.banditflow.job.operator.CategoryPools;
import io.banditflow.job.operator.DriftOperator;
import io.banditflow.job.operator.FeedbackWatermarks;
import io.banditflow.job.operator.FinalRoundGuard;
import io.banditflow.job.operator.FireAtEndAndWhenFinal;
import io.banditflow.job.operator.GlobalSpend;
import io.banditflow.job.operator.GlobalTraffic;
import io.banditflow.job.operator.PooledRound;
import io.banditflow.job.operator.ProductActivity;
import io.banditflow.job.operator.RoundTallies;
import io.banditflow.job.operator.RouteControlPlane;
import io.banditflow.job.operator.RouteEvents;
import io.banditflow.job.operator.SideOutputs;
import io.banditflow.job.operator.StagedOutcome;
import io.banditflow.job.operator.TrafficTotal;
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
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * Assembles the banditflow job. The one place the topology is defined: production, the demo and the
 * tests all build it here, with their own sources and sinks.
 *
 * <pre>
 * impressions ─┐ (validated, watermarks per partition)    ┌─► late (after round final)
 * clicks ──────┼─► route ─► union ─► keyBy(product) ─► round window ─► outcomes
 * conversions ─┘      │ └─► late (outside attribution)  │                               │
 *                     └─► dead letters                   └─► activity ─┐   global traffic ─┤
 *                                                                      ▼                   ▼ broadcast
 *                                                         policy (keyed by product) ◄──────┘
 *                                                                      └─► decisions
 *
 * cold start:    outcomes + catalog ─► category evidence ─► keyBy(category) ─► pools ─► broadcast
 *
 * requests mode: requests ─► route ─┐
 *                feedback with a decision id ─┴─► policy ─► answers at once; late: unjoined feedback
 * </pre>
 */
public final class BanditflowTopology {
    /** Stable operator ids: savepoints map state to operators by these. Never change one. */
    public static final String UID_ROUND_OUTCOMES = "round-outcomes";

    public static final String UID_FINAL_ROUND_GUARD = "final-round-guard";

    public static final String UID_GLOBAL_TRAFFIC = "global-traffic";
    public static final String UID_POLICY = "policy";
    public static final String UID_GLOBAL_SPEND = "global-spend";
    public static final String UID_DRIFT_PRODUCT = "drift-product";
    public static final String UID_DRIFT_GLOBAL = "drift-global";
    public static final String UID_CATEGORY_EVIDENCE = "category-evidence";
    public static final String UID_CATEGORY_POOLS = "category-pools";

    private BanditflowTopology() {}

    public static void build(
            StreamExecutionEnvironment env,
            JobConfig config,
            EventSources sources,
            JobSinks sinks) {
        RoundClock clock = config.clock();
        JobConfig.Time time = config.time();
        WatermarkStrategy<ParsedRecord> watermarks =
                FeedbackWatermarks.strategy(time.maxOutOfOrderness(), time.sourceIdleness());

        DataStream<FeedbackEvent> events = null;
        DataStream<DeadLetter> deadLetters = null;
        DataStream<LateEvent> late = null;
        for (EventType type : EventType.values()) {
            String name = type.name().toLowerCase(Locale.ROOT);
            SingleOutputStreamOperator<FeedbackEvent> valid =
                    sources.stream(env, type, time.maxFutureSkew().toMillis(), watermarks)
                            .process(new RouteEvents(type, clock.attributionMillis()))
                            .uid("route-" + name)
                            .name("Route " + name + "s");
            events = events == null ? valid : events.union(valid);
            DataStream<DeadLetter> rejected = valid.getSideOutput(SideOutputs.DEAD_LETTERS);
            deadLetters = deadLetters == null ? rejected : deadLetters.union(rejected);
            DataStream<LateEvent> outside = valid.getSideOutput(SideOutputs.OUTSIDE_ATTRIBUTION);
            late = late == null ? outside : late.union(outside);
        }

        SingleOutputStreamOperator<ControlCommand> commands =
                sources.commands(
                                env,
                                time.maxFutureSkew().toMillis(),
                                WatermarkStrategy.<ParsedCommand>forBoundedOutOfOrderness(
                                                time.maxOutOfOrderness())
                                        .withTimestampAssigner(
                                                (command, previous) -> command.timestamp())
                                        .withIdleness(time.sourceIdleness()))
                        .process(
                                new RouteControlPlane<ParsedCommand, ControlCommand>(
                                        RecordSource.CONTROL,
                                        "commands",
                                        "action",
                                        command -> command.action().name()))
                        .returns(ControlCommand.class)
                        .uid("route-control")
                        .name("Route control");
        deadLetters = deadLetters.union(commands.getSideOutput(SideOutputs.DEAD_LETTERS));
        SingleOutputStreamOperator<CatalogEntry> catalog = null;
        if (config.kafka().catalogTopic() != null) {
            catalog =
                    sources.catalog(
                                    env,
                                    time.maxFutureSkew().toMillis(),
                                    WatermarkStrategy.<ParsedCatalog>forBoundedOutOfOrderness(
                                                    time.maxOutOfOrderness())
                                            .withTimestampAssigner(
                                                    (entry, previous) -> entry.timestamp())
                                            .withIdleness(time.sourceIdleness()))
                            .process(
                                    new RouteControlPlane<ParsedCatalog, CatalogEntry>(
                                            RecordSource.CATALOG,
                                            "catalogEntries",
                                            "status",
                                            entry -> entry.status().name()))
                            .returns(CatalogEntry.class)
                            .uid("route-catalog")
                            .name("Route catalog");
            deadLetters = deadLetters.union(catalog.getSideOutput(SideOutputs.DEAD_LETTERS));
        }

        // the window's lateness, judged by the clock the job had reached even across a restore
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
        DataStream<LateEvent> afterFinal =
                outcomes.getSideOutput(SideOutputs.AFTER_ROUND_FINAL)
                        .union(onTime.getSideOutput(SideOutputs.AFTER_ROUND_FINAL))
                        .map(new CountAfterFinal())
                        .uid("late-after-final")
                        .name("Late after round final");

        DataStream<TrafficTotal> traffic =
                outcomes.keyBy(outcome -> 0, Types.INT)
                        .process(new GlobalTraffic(clock))
                        .uid(UID_GLOBAL_TRAFFIC)
                        .name("Global traffic per round");

        DataStream<RoundOutcome> atRoundEnd =
                outcomes.getSideOutput(SideOutputs.ROUND_END_OUTCOMES);
        SingleOutputStreamOperator<RoundSpend> globalSpend =
                atRoundEnd
                        .keyBy(outcome -> 0, Types.INT)
                        .process(new GlobalSpend(clock, config.budgetPacer()))
                        .uid(UID_GLOBAL_SPEND)
                        .name("Global spend per round");
        DataStream<PolicyInput> policyInput =
                outcomes.map(PolicyInput::of)
                        .returns(PolicyInput.class)
                        .uid("policy-input-outcomes")
                        .name("Outcomes to policy")
                        .union(
                                atRoundEnd
                                        .map(PolicyInput::atRoundEnd)
                                        .returns(PolicyInput.class)
                                        .uid("policy-input-spend")
                                        .name("Spend to policy"));
        JobConfig.Requests requests = config.requests();
        if (requests.enabled()) {
            SingleOutputStreamOperator<ReceivedRequest> asked = requests(env, config, sources);
            deadLetters = deadLetters.union(asked.getSideOutput(SideOutputs.DEAD_LETTERS));
            SingleOutputStreamOperator<PolicyInput> askedInput =
                    asked.map(PolicyInput::of)
                            .returns(PolicyInput.class)
                            .uid("policy-input-requests")
                            .name("Requests to policy");
            askedInput.setBufferTimeout(requests.bufferTimeout().toMillis());
            policyInput =
                    policyInput
                            .union(askedInput)
                            .union(
                                    events.filter(event -> event.decisionId() != null)
                                            .uid("request-feedback")
                                            .name("Feedback with a decision id")
                                            .map(PolicyInput::feedback)
                                            .returns(PolicyInput.class)
                                            .uid("policy-input-feedback")
                                            .name("Feedback to policy"));
        } else {
            DataStream<ProductActivity> activity =
                    events.process(new ActivityFilter(clock))
                            .uid("activity")
                            .name("Product activity");
            policyInput =
                    policyInput.union(
                            activity.map(PolicyInput::of)
                                    .returns(PolicyInput.class)
                                    .uid("policy-input-activity")
                                    .name("Activity to policy"));
        }
        if (catalog != null) {
            policyInput =
                    policyInput.union(
                            catalog.map(PolicyInput::of)
                                    .returns(PolicyInput.class)
                                    .uid("policy-input-catalog")
                                    .name("Catalog to policy"));
        }
        DataStream<PolicyBroadcast> broadcast =
                traffic.map(PolicyBroadcast::of)
                        .returns(PolicyBroadcast.class)
                        .uid("policy-broadcast-traffic")
                        .name("Traffic to policy")
                        .union(
                                globalSpend
                                        .map(PolicyBroadcast::of)
                                        .returns(PolicyBroadcast.class)
                                        .uid("policy-broadcast-spend")
                                        .name("Global spend to policy"))
                        .union(
                                commands.map(PolicyBroadcast::of)
                                        .returns(PolicyBroadcast.class)
                                        .uid("policy-broadcast-control")
                                        .name("Control to policy"));

        if (config.coldStart().byCategory()) {
            broadcast = broadcast.union(categoryPriors(outcomes, catalog, config));
        }
        if (config.pacing().enabled()) {
            broadcast =
                    broadcast.union(
                            globalSpend
                                    .getSideOutput(SideOutputs.PACING)
                                    .map(PolicyBroadcast::of)
                                    .returns(PolicyBroadcast.class)
                                    .uid("policy-broadcast-pacing")
                                    .name("Pacing to policy"));
        }

        if (config.drift().enabled()) {
            DataStream<StagedOutcome> staged =
                    atRoundEnd
                            .map(o -> new StagedOutcome(DriftMetric.Stage.ROUND_END, o))
                            .returns(StagedOutcome.class)
                            .uid("staged-round-end")
                            .name("Outcomes at round end")
                            .union(
                                    outcomes.map(
                                                    o ->
                                                            new StagedOutcome(
                                                                    DriftMetric.Stage.ROUND_FINAL,
                                                                    o))
                                            .returns(StagedOutcome.class)
                                            .uid("staged-round-final")
                                            .name("Outcomes when final"));
            DataStream<DriftSignal> productDrift = drift(staged, config, DriftScope.PRODUCT);
            DataStream<DriftSignal> globalDrift = drift(staged, config, DriftScope.GLOBAL);
            policyInput =
                    policyInput.union(
                            productDrift
                                    .map(PolicyInput::of)
                                    .returns(PolicyInput.class)
                                    .uid("policy-input-drift")
                                    .name("Product drift to policy"));
            broadcast =
                    broadcast.union(
                            globalDrift
                                    .map(PolicyBroadcast::of)
                                    .returns(PolicyBroadcast.class)
                                    .uid("policy-broadcast-drift")
                                    .name("Global drift to policy"));
            sinks.signals(productDrift.union(globalDrift));
        }

        SingleOutputStreamOperator<Decision> decisions =
                policyInput
                        .keyBy(PolicyInput::productId)
                        .connect(
                                broadcast.broadcast(
                                        PolicyStateLayout.broadcast()
                                                .toArray(MapStateDescriptor<?, ?>[]::new)))
                        .process(new PolicyOperator(config))
                        .uid(UID_POLICY)
                        .name("Policy (" + config.learner().algorithm() + ")");

        late = late.union(afterFinal);
        if (requests.enabled()) {
            decisions.setBufferTimeout(requests.bufferTimeout().toMillis());
            sinks.answers(decisions);
            late = late.union(decisions.getSideOutput(SideOutputs.UNJOINED_FEEDBACK));
        } else {
            sinks.decisions(decisions);
        }
        if (!config.shadows().isEmpty()) {
            sinks.shadowDecisions(decisions.getSideOutput(SideOutputs.SHADOW_DECISIONS));
        }
        sinks.deadLetters(deadLetters);
        sinks.late(late);
    }

    /**
     * The decision requests, validated and routed to the policy operator; sent on without waiting
     * to fill a network buffer, since an answer is waited for.
     */
    private static SingleOutputStreamOperator<ReceivedRequest> requests(
            StreamExecutionEnvironment env, JobConfig config, EventSources sources) {
        JobConfig.Time time = config.time();
        SingleOutputStreamOperator<ReceivedRequest> routed =
                sources.requests(
                                env,
                                time.maxFutureSkew().toMillis(),
                                WatermarkStrategy.<ParsedRequest>forBoundedOutOfOrderness(
                                                time.maxOutOfOrderness())
                                        .withTimestampAssigner(
                                                (request, previous) -> request.timestamp())
                                        .withIdleness(time.sourceIdleness()))
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
    private static DataStream<PolicyBroadcast> categoryPriors(
            DataStream<RoundOutcome> outcomes, DataStream<CatalogEntry> catalog, JobConfig config) {
        return outcomes.keyBy(RoundOutcome::productId)
                .connect(catalog.keyBy(CatalogEntry::productId))
                .process(new CategoryEvidence(config))
                .uid(UID_CATEGORY_EVIDENCE)
                .name("Category evidence")
                .keyBy(PooledRound::category)
                .process(new CategoryPools(config))
                .uid(UID_CATEGORY_POOLS)
                .name("Category pools")
                .map(PolicyBroadcast::of)
                .returns(PolicyBroadcast.class)
                .uid("policy-broadcast-priors")
                .name("Category priors to policy");
    }

    private static DataStream<DriftSignal> drift(
            DataStream<StagedOutcome> staged, JobConfig config, DriftScope scope) {
        String name = scope.name().toLowerCase(Locale.ROOT);
        return staged.keyBy(o -> DriftOperator.scopeKey(scope, o), Types.STRING)
                .process(new DriftOperator(config, scope))
                .uid(scope == DriftScope.PRODUCT ? UID_DRIFT_PRODUCT : UID_DRIFT_GLOBAL)
                .name("Drift (" + name + ")");
    }

    /** Labels and counts events that arrived after their round was final. */
    private static final class CountAfterFinal extends RichMapFunction<FeedbackEvent, LateEvent> {
        private transient Counter counter;

        @Override
        public void open(OpenContext context) {
            counter = getRuntimeContext().getMetricGroup().counter("lateAfterRoundFinal");
        }

        @Override
        public LateEvent map(FeedbackEvent event) {
            counter.inc();
            return new LateEvent(LateReason.AFTER_ROUND_FINAL, event);
        }
    }
}
