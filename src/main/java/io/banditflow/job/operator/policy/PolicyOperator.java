package io.banditflow.job.operator.policy;

import static io.banditflow.job.operator.policy.PolicyStateLayout.CATEGORY_PRIORS;
import static io.banditflow.job.operator.policy.PolicyStateLayout.CLOCK_WATERMARK;
import static io.banditflow.job.operator.policy.PolicyStateLayout.DECISION_REPLAY;
import static io.banditflow.job.operator.policy.PolicyStateLayout.EVENT_CLOCK;
import static io.banditflow.job.operator.policy.PolicyStateLayout.GLOBAL_DRIFT;
import static io.banditflow.job.operator.policy.PolicyStateLayout.LOGGED_UNTIL;
import static io.banditflow.job.operator.policy.PolicyStateLayout.PACING;
import static io.banditflow.job.operator.policy.PolicyStateLayout.TRAFFIC;
import static io.banditflow.job.operator.policy.PolicyStateLayout.VALUE_POOLS;

import io.banditflow.core.context.ContextFeatures;
import io.banditflow.core.context.RecentConversions;
import io.banditflow.core.context.RequestFeatures;
import io.banditflow.core.decide.Decider;
import io.banditflow.core.decide.DecisionRules;
import io.banditflow.core.decide.EndedBatch;
import io.banditflow.core.decide.FinalBatch;
import io.banditflow.core.event.CatalogEntry;
import io.banditflow.core.event.DecisionRequest;
import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.event.LateEvent;
import io.banditflow.core.experiment.Experiment;
import io.banditflow.core.guard.Guards;
import io.banditflow.core.guard.PacingHistory;
import io.banditflow.core.landscape.OpenValue;
import io.banditflow.core.landscape.PooledValue;
import io.banditflow.core.landscape.Population;
import io.banditflow.core.policy.BidPolicy;
import io.banditflow.core.policy.Decision;
import io.banditflow.core.policy.DecisionMode;
import io.banditflow.core.policy.DecisionSlot;
import io.banditflow.core.policy.Learner;
import io.banditflow.core.policy.PlayedRound;
import io.banditflow.core.policy.PolicyState;
import io.banditflow.core.policy.PooledPrior;
import io.banditflow.core.pool.CategoryPooling;
import io.banditflow.core.request.PendingRequest;
import io.banditflow.core.request.RequestRewards;
import io.banditflow.core.reward.DelayModel;
import io.banditflow.core.reward.RoundOutcome;
import io.banditflow.core.reward.TrafficProfile;
import io.banditflow.core.round.RoundClock;
import io.banditflow.job.config.JobConfig;
import io.banditflow.job.operator.SideOutputs;
import io.banditflow.job.source.ReceivedRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * One product's learner, in keyed state, driven by event-time timers. The operator holds state,
 * timers and I/O; what decides a slot and how a batch is learned are the core's ({@link
 * io.banditflow.core.decide.DecisionRules}, {@link io.banditflow.core.decide.Decider}, {@link
 * io.banditflow.core.decide.FinalBatch}), which the closed-loop simulation calls too; the product's
 * view at a decision time is gathered by {@link ProductViews}.
 *
 * <ul>
 *   <li><b>Decisions.</b> At each round's decision time the operator decides the round by the
 *       rules, emits the decision and logs what was played (arm, bid, propensity, decision id). A
 *       product gets decisions from its first activity on, until it has been silent for the
 *       inactivity timeout.
 *   <li><b>Context.</b> Each decision's context comes from what is known at its decision time: the
 *       round's time, the product's round-end traffic of the last day, its final conversions and
 *       its catalog entry ({@link ContextFeatures}). Every decision logs it.
 *   <li><b>Learning.</b> Final round outcomes are kept for the rounds that were played. When a
 *       batch is final (its last round ended and the attribution window passed) its logged rounds
 *       and outcomes are applied in one update of the configured learner, and the bookkeeping is
 *       cleared.
 *   <li><b>Requests mode.</b> With a {@code requests} section the operator makes no round
 *       decisions: it answers each decision request when it reads it, from the learner as it is
 *       then, under the same precedence of fixed bids and guardrails, and keeps the answer open in
 *       a {@link RequestLedger}. Feedback that echoes the answer's decision id joins it; when the
 *       request's round is final, the round's answered requests are learned from in one update.
 *   <li><b>Traffic shares.</b> Global impressions per round arrive on the broadcast input, each
 *       before the operator's clock reaches that round's final time, so every instance normalises
 *       with the same shares.
 * </ul>
 *
 * <p>Round decisions depend on event time and data only: the activation round lies after the event
 * that caused it, and inactivity is judged from activity at or before the timer, all of which has
 * arrived when the timer fires; activity is late against the operator's event clock, which a
 * restore keeps. So any arrival order, parallelism or restore gives the same decisions. An answer
 * to a request depends, in addition, on the updates applied before the request was read; it logs
 * the policy version and propensities it was made with.
 */
public class PolicyOperator
        extends KeyedBroadcastProcessFunction<String, PolicyInput, PolicyBroadcast, Decision>
        implements CheckpointedFunction {

    private final JobConfig config;

    private transient RoundClock clock;

    /**
     * The policy of the product being processed: the job's, or with an experiment its variant's
     * ({@link #selectProduct}, at every element and timer).
     */
    private transient BidPolicy policy;

    private transient Experiment experiment;
    private transient Map<String, BidPolicy> variantPolicies;

    /** The experiment variant of the product being processed, or null without an experiment. */
    private transient String variant;

    private transient String selectedProduct;

    private transient BatchInputs batchInputs;

    /** Whether the learners pool value per click; then the merge of the pooled parts. */
    private transient boolean poolsValue;

    private transient ValuePopulation valuePopulation;

    /**
     * The operator's event-time clock: the latest watermark seen or timer fired, restored from the
     * last snapshot ({@link PolicyStateLayout#EVENT_CLOCK}). Input is late against it, not against
     * a restored job's watermark, which starts again from nothing: a decision time it has passed
     * was decided (or skipped) before the snapshot, and no event may reopen it.
     */
    private transient long eventClock;

    private transient BroadcastState<String, Long> eventClockState;

    private transient OncePerCallValue<PolicyState> learner;
    private transient DecisionSchedule schedule;
    private transient MapState<Long, PlayedRound> played;
    private transient MapState<Long, RoundOutcome> outcomes;
    private transient ValueState<Long> endedBatch;

    /** Whether the learner, a variant's or a shadow's learns a batch when its rounds end. */
    private transient boolean learnsWhenEnded;

    /** Whether one learns value per click from the rounds inside the attribution window. */
    private transient boolean learnsOpenValue;

    /** Whether a learner learns a batch when mature, and batches mature before they are final. */
    private transient boolean learnsWhenMature;

    private transient OpenRoundsState openRounds;

    private transient ValueState<Boolean> inFallback;
    private transient ValueState<RecentConversions> recentConversions;

    private transient Guards guards;
    private transient ProductViews views;
    private transient BroadcastInputs broadcasts;
    private transient DecisionRules rules;
    private transient Decider decider;
    private transient boolean explorationCapped;

    /** Decisions on the decision topic this product has yet to reach again (after a rollback). */
    private transient RollbackReplay replay;

    private transient ShadowPolicies shadows;

    /** Whether played rounds keep their context: the learner's or a shadow's is contextual. */
    private transient boolean keepContext;

    private transient PolicyMetrics metrics;

    private transient boolean requestsMode;
    private transient RequestFeatures requestFeatures;
    private transient RequestRewards requestRewards;
    private transient RequestLedger requests;

    public PolicyOperator(JobConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext context) {
        clock = config.clock();
        policy = config.policy();
        experiment = config.experiment();
        variantPolicies = config.variantPolicies();
        TrafficProfile trafficProfile = config.trafficProfile();
        batchInputs = new BatchInputs(clock, trafficProfile, config.pacing().enabled());
        poolsValue = config.poolsValue();
        valuePopulation = new ValuePopulation();
        guards = config.guards();
        rules = rulesOf(policy);
        decider = deciderOf(policy);
        var runtime = getRuntimeContext();
        learner = new OncePerCallValue<>(runtime.getState(PolicyStateLayout.learner()));
        schedule = new DecisionSchedule(clock, config.inactivityRounds(), runtime);
        played = runtime.getMapState(PolicyStateLayout.played());
        outcomes = runtime.getMapState(PolicyStateLayout.outcomes());
        endedBatch = runtime.getState(PolicyStateLayout.endedBatch());
        inFallback = runtime.getState(PolicyStateLayout.inFallback());
        recentConversions = runtime.getState(PolicyStateLayout.recentConversions());
        explorationCapped = guards.settings().explorationShare() < 1;
        replay =
                new RollbackReplay(
                        config.name(),
                        clock,
                        runtime.getMapState(PolicyStateLayout.loggedDecisions()));
        shadows =
                new ShadowPolicies(
                        config.shadowPolicies(),
                        runtime.getMapState(PolicyStateLayout.shadowLearners()));
        keepContext = anyLearner(Learner::contextual);
        requestsMode = config.requests().enabled();
        learnsWhenEnded = !requestsMode && anyLearner(Learner::learnsWhenEnded);
        learnsOpenValue = !requestsMode && anyLearner(Learner::learnsOpenValue);
        learnsWhenMature =
                !requestsMode
                        && clock.maturesBeforeFinal()
                        && anyLearner(Learner::learnsWhenMature);
        openRounds =
                new OpenRoundsState(clock, runtime.getMapState(PolicyStateLayout.openRounds()));
        metrics = new PolicyMetrics(runtime.getMetricGroup(), requestsMode);
        if (requestsMode) {
            requestFeatures = config.requestFeatures();
            requestRewards = config.requestRewards();
            requests = new RequestLedger(runtime, clock, explorationCapped);
        }
        broadcasts =
                new BroadcastInputs(
                        clock, config.time().roundsPerBatch(), trafficProfile.trailingRounds());
        views =
                new ProductViews(
                        clock,
                        guards,
                        config.spendThrottle(),
                        config.contextFeatures(),
                        config.guardrails().cpcTrailingRounds(),
                        requests,
                        config.drift().marketAlarmAlpha() < 1,
                        runtime);
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        eventClockState = context.getOperatorStateStore().getBroadcastState(EVENT_CLOCK);
        Long restored = eventClockState.get(CLOCK_WATERMARK);
        eventClock = restored == null ? Long.MIN_VALUE : restored;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        eventClockState.put(CLOCK_WATERMARK, eventClock);
    }

    /** Advances the event clock to {@code watermark} and returns it. */
    private long eventClock(long watermark) {
        eventClock = Math.max(eventClock, watermark);
        return eventClock;
    }

    /**
     * Selects the policy of the product about to be processed: its experiment variant's (hashed
     * once per run of elements of the same product).
     */
    private void selectProduct(String productId) {
        if (experiment != null && !productId.equals(selectedProduct)) {
            selectedProduct = productId;
            variant = experiment.variantOf(productId);
            policy = variantPolicies.get(variant);
            rules = rulesOf(policy);
            decider = deciderOf(policy);
        }
    }

    /**
     * Starts a call of the operator (an element or a timer of one key): the key's policy, and the
     * state kept once per call forgotten from the last key's.
     */
    private void beginCall(String productId) {
        selectProduct(productId);
        learner.begin();
        views.begin();
    }

    private DecisionRules rulesOf(BidPolicy bidPolicy) {
        return new DecisionRules(bidPolicy.learns(), guards.settings().explorationShare());
    }

    private Decider deciderOf(BidPolicy bidPolicy) {
        return new Decider(bidPolicy, config.drift().onRecovery(), config.drift().recoveryDecay());
    }

    @Override
    public void processElement(PolicyInput input, ReadOnlyContext ctx, Collector<Decision> out)
            throws Exception {
        beginCall(ctx.getCurrentKey());
        process(input, ctx, out);
        learner.flush();
    }

    private void process(PolicyInput input, ReadOnlyContext ctx, Collector<Decision> out)
            throws Exception {
        switch (input.kind()) {
            case REQUEST -> answer(((PolicyInput.Request) input).request(), ctx, out);
            case FEEDBACK -> join(((PolicyInput.Feedback) input).event(), ctx);
            case CATALOG -> views.catalogEntry(((PolicyInput.Catalog) input).entry());
            case ROUND_END -> roundEnded(((PolicyInput.RoundEnd) input).outcome());
            case CONVERSION ->
                    openRounds.converted(
                            ((PolicyInput.Conversion) input).event(),
                            eventClock(ctx.timerService().currentWatermark()));
            case DRIFT -> views.driftSignal(((PolicyInput.Drift) input).signal());
            case EVIDENCE ->
                    views.marketEvidence(
                            ((PolicyInput.Evidence) input).evidence(),
                            ctx.getBroadcastState(GLOBAL_DRIFT),
                            eventClock(ctx.timerService().currentWatermark()));
            case OUTCOME -> keepOutcome(((PolicyInput.Outcome) input).outcome(), ctx);
            case ACTIVITY -> seen(((PolicyInput.Activity) input).activity().eventTime(), ctx);
        }
    }

    private void roundEnded(RoundOutcome outcome) throws Exception {
        views.roundEnded(outcome);
        if (learnsOpenValue) {
            openRounds.roundEnded(outcome);
        }
    }

    /**
     * Keeps a final outcome until its batch is final: the window operator's clock may run ahead of
     * this one, so an outcome can arrive before its round was decided here.
     */
    private void keepOutcome(RoundOutcome outcome, ReadOnlyContext ctx) throws Exception {
        outcomes.put(outcome.round(), outcome);
        ctx.timerService()
                .registerEventTimeTimer(clock.batchFinalTime(clock.batchOf(outcome.round())));
    }

    /** Activity at {@code time}: the product decides from the first round after it. */
    private void seen(long time, ReadOnlyContext ctx) throws Exception {
        if (time < eventClock(ctx.timerService().currentWatermark())) {
            return; // late activity: its decision times may have passed, so it must not count
        }
        schedule.seen(time, ctx.timerService());
    }

    @Override
    public void processBroadcastElement(
            PolicyBroadcast element, Context ctx, Collector<Decision> out) throws Exception {
        broadcasts.take(element, ctx, eventClock(ctx.currentWatermark()));
        if (element.kind() == PolicyBroadcast.Kind.VALUE_POOL) {
            valuePopulation.partArrived();
        }
    }

    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<Decision> out) throws Exception {
        beginCall(ctx.getCurrentKey());
        fire(time, ctx, out);
        learner.flush();
    }

    /** What a timer does for the product at {@code time}. */
    private void fire(long time, OnTimerContext ctx, Collector<Decision> out) throws Exception {
        eventClock(time); // a timer fires once the watermark has reached its time
        // One timer may serve both purposes; learning comes first so the decision uses the update.
        long batch = clock.batchFinalAt(time);
        boolean learned = false;
        if (batch >= 0) {
            learned =
                    applyBatch(
                            ctx.getCurrentKey(),
                            batch,
                            time,
                            ctx.getBroadcastState(TRAFFIC),
                            ctx.getBroadcastState(PACING),
                            ctx.getBroadcastState(VALUE_POOLS));
            metrics.loggedDecisionsNotReached(
                    replay.dropBefore(clock.firstRoundOfBatch(batch + 1), loggedUntil(ctx)));
        }
        long ended = clock.batchEndedAt(time);
        if (ended >= 0 && (learnsWhenEnded || learnsOpenValue)) {
            learned |=
                    learnEnded(
                            ctx.getCurrentKey(),
                            ended,
                            time,
                            ctx.getBroadcastState(TRAFFIC),
                            ctx.getBroadcastState(PACING));
        }
        long mature = clock.batchMatureAt(time);
        if (mature >= 0 && learnsWhenMature) {
            learned |= learnMature(mature, time, ctx.getBroadcastState(VALUE_POOLS));
        }
        if (learned && learnsOpenValue) {
            learnOpen(time, ctx.getBroadcastState(VALUE_POOLS));
        }
        Long due = schedule.dueAt(time);
        if (due != null) {
            decideRound(due, time, ctx, out);
        }
        if (requestsMode) {
            Long round = clock.roundFinalAt(time);
            if (round != null) {
                closeRequests(round, time);
                metrics.loggedDecisionsNotReached(replay.dropBefore(round + 1, loggedUntil(ctx)));
            }
            for (LateEvent late : requests.expireWaiting(time)) {
                unjoined(late, ctx);
            }
        }
    }

    private void decideRound(long round, long time, OnTimerContext ctx, Collector<Decision> out)
            throws Exception {
        // a product listed ACTIVE keeps its decisions however long it won nothing (a bid too low
        // to win must not silence it for good), until the input ends (a drain or a bounded input:
        // the watermark at its maximum), where that would never stop. A product not listed gets
        // its last decision when its activity runs out, whether or not the input has ended: which
        // timers fire before the end is wall-clock timing (source idleness), and its decisions
        // must not depend on it.
        boolean inputEnded = ctx.timerService().currentWatermark() == Long.MAX_VALUE;
        boolean active = schedule.activeAt(time);
        boolean listed = !active && views.listedActiveAt(time);
        if (listed && inputEnded) {
            schedule.stop(time, ctx.timerService());
            return;
        }
        boolean inactive = !active && !listed;
        PolicyState state = stateToDecide(time, ctx);
        long start = clock.roundStart(round);
        long end = clock.roundEnd(round);
        DecisionSlot slot = DecisionSlot.round(ctx.getCurrentKey(), round, start, end, time);
        Decision logged = replay.take(slot, loggedUntil(ctx));
        double pacingLambda = batchInputs.lambdaKnownAt(time, ctx.getBroadcastState(PACING));
        Decision decision;
        if (logged != null) {
            decision = replayed(slot, logged, state);
        } else {
            ProductViews.Situation situation =
                    views.at(ctx.getCurrentKey(), round, start, end, time, ctx);
            decision =
                    inactive
                            ? lastDecision(slot, state, situation)
                            : decide(
                                    slot, state, situation, situation.roundContext(), pacingLambda);
        }
        if (decision.mode() == DecisionMode.LEARNED) {
            played.put(round, decision.played(keepContext));
            if (learnsWhenEnded || learnsOpenValue) {
                ctx.timerService()
                        .registerEventTimeTimer(clock.batchEndedTime(clock.batchOf(round)));
            }
            if (learnsWhenMature) {
                ctx.timerService()
                        .registerEventTimeTimer(clock.batchMatureTime(clock.batchOf(round)));
            }
            ctx.timerService().registerEventTimeTimer(clock.batchFinalTime(clock.batchOf(round)));
            if (explorationCapped && !isBest(state, decision, pacingLambda)) {
                views.explored(round);
            }
        }
        if (logged == null) {
            emit(decision, out);
            if (!inactive) {
                decideShadows(slot, decision, ctx);
            }
        }
        if (inactive) {
            schedule.stop(time, ctx.timerService());
        } else {
            schedule.decided(round, ctx.timerService());
        }
    }

    /**
     * A product's last decision before its decisions stop for inactivity ({@link
     * DecisionRules#lastVerdict}): the baseline bid, not its latest one.
     */
    private Decision lastDecision(
            DecisionSlot slot, PolicyState state, ProductViews.Situation situation)
            throws Exception {
        boolean wasInFallback = inFallback.value() != null;
        Decider.Decided decided =
                decider.decide(
                        slot,
                        state,
                        wasInFallback,
                        rules.lastVerdict(situation.view()),
                        situation.roundContext());
        return decided.decision();
    }

    /**
     * What each shadow policy would have bid in this slot, from its own learner, with the round's
     * context and within the same bid bounds: logged on the shadow topic, never acted on.
     */
    private void decideShadows(DecisionSlot slot, Decision decision, ReadOnlyContext ctx)
            throws Exception {
        for (Decision shadow : shadows.decide(slot, decision, policy.grid().size())) {
            ctx.output(SideOutputs.SHADOW_DECISIONS, shadow);
        }
    }

    /**
     * Answers a decision request at once, from the learner as it is now, and opens it for its
     * feedback. A request already open (sent twice) is not answered again: its first answer stands,
     * and its feedback joins that one.
     */
    private void answer(ReceivedRequest received, ReadOnlyContext ctx, Collector<Decision> out)
            throws Exception {
        DecisionRequest request = received.request();
        String key = ctx.getCurrentKey();
        long time = request.eventTime();
        long round = clock.roundOf(time);
        DecisionSlot slot =
                DecisionSlot.request(
                        key,
                        request.requestId(),
                        round,
                        clock.roundStart(round),
                        clock.roundEnd(round),
                        time);
        if (requests.isOpen(slot.decisionId(config.name()))) {
            metrics.duplicateRequest();
            return;
        }
        PolicyState state = stateToDecide(time, ctx);
        Decision logged = replay.take(slot, loggedUntil(ctx));
        double pacingLambda = batchInputs.lambdaKnownAt(time, ctx.getBroadcastState(PACING));
        Decision decision;
        if (logged != null) {
            decision = replayed(slot, logged, state);
        } else {
            ProductViews.Situation situation = views.at(key, round, time, time, time, ctx);
            decision =
                    decide(
                            slot,
                            state,
                            situation,
                            requestFeatures.of(situation.roundContext(), request),
                            pacingLambda);
        }
        if (decision.arm() >= 0) {
            long finalTime = clock.roundFinalTime(round);
            if (finalTime <= eventClock(ctx.timerService().currentWatermark())) {
                metrics.requestTooLateToLearn(); // its feedback window has passed already
            } else {
                boolean learns = decision.mode() == DecisionMode.LEARNED;
                PendingRequest open =
                        PendingRequest.of(
                                decision, learns, policy.learns() && policy.learner().contextual());
                open.exploring =
                        learns && explorationCapped && !isBest(state, decision, pacingLambda);
                for (LateEvent late : requests.open(open)) {
                    unjoined(late, ctx);
                }
                ctx.timerService().registerEventTimeTimer(finalTime);
            }
        }
        if (logged == null) {
            emit(decision, out);
            metrics.requestAnswered(
                    Math.max(0, ReceivedRequest.nowMicros() - received.receivedAtMicros()));
        }
    }

    /** The newest logged decision's time while a rollback is replayed, else null. */
    private static Long loggedUntil(ReadOnlyContext ctx) throws Exception {
        return ctx.getBroadcastState(DECISION_REPLAY).get(LOGGED_UNTIL);
    }

    /**
     * Takes a logged decision as this slot's decision: its bid was placed and its propensity is the
     * one the bid was drawn with, so the learner learns from it, whatever the learner now in force
     * would have chosen. Tracks a drift fallback the way deciding does. A learned decision on
     * another bid grid cannot be learned from: it counts as not learnable and the slot as not
     * played.
     */
    private Decision replayed(DecisionSlot slot, Decision logged, PolicyState state)
            throws Exception {
        metrics.loggedDecisionReplayed();
        boolean wasInFallback = inFallback.value() != null;
        track(decider.replayed(logged, state, wasInFallback), wasInFallback, state);
        if (logged.mode() == DecisionMode.LEARNED
                && !Arrays.equals(logged.bids(), policy.grid().bids())) {
            metrics.loggedDecisionNotLearnable();
            // stands in for the logged one, which is not emitted again: nothing to learn from
            return policy.noBid(
                    slot,
                    state,
                    DecisionMode.BASELINE,
                    "logged on another bid grid",
                    logged.guardrails(),
                    logged.context());
        }
        return logged;
    }

    /** Joins feedback that echoes a decision id to its request, or keeps it for the request. */
    private void join(FeedbackEvent event, ReadOnlyContext ctx) throws Exception {
        RequestLedger.Join join = requests.join(event);
        if (join.late() != null) {
            unjoined(join.late(), ctx);
        } else if (join.waiting()) {
            ctx.timerService().registerEventTimeTimer(join.waitUntil());
        }
    }

    private void unjoined(LateEvent late, ReadOnlyContext ctx) {
        metrics.unjoined(late.reason());
        ctx.output(SideOutputs.UNJOINED_FEEDBACK, late);
    }

    /**
     * Learns from the requests answered in a round, now that their attribution window has passed:
     * one update with the bids that were placed and their logged propensities.
     */
    private void closeRequests(long round, long time) throws Exception {
        List<PlayedRound> playedRequests = new ArrayList<>();
        List<Double> rewards = new ArrayList<>();
        for (PendingRequest request : requests.close(round)) {
            if (request.learns) {
                playedRequests.add(request.played());
                rewards.add(requestRewards.reward(request.profit()));
            }
        }
        if (playedRequests.isEmpty()) {
            return;
        }
        PolicyState state = learner.value();
        if (state == null) {
            state = policy.newState();
        }
        policy.ensureLearner(state);
        policy.applyRewards(
                state,
                playedRequests,
                rewards.stream().mapToDouble(Double::doubleValue).toArray(),
                time);
        learner.update(state);
        metrics.batchUpdated();
        metrics.requestsLearned(playedRequests.size());
    }

    /** Whether a learned decision played the learner's best bid among the allowed ones. */
    private boolean isBest(PolicyState state, Decision decision, double pacingLambda) {
        return decision.arm()
                == policy.learner()
                        .bestArm(
                                state,
                                decision.context(),
                                decision.lowestArm(),
                                decision.highestArm(),
                                new Learner.Conditions(
                                        pacingLambda, clock.periodOfDay(decision.round())));
    }

    /**
     * The product's learner state, started (or restarted for another learner) if need be: from the
     * pooled prior of its category at {@code time} when there is one, else from scratch.
     */
    /**
     * Whether the learner of the job, of a variant or of a shadow, that learns, is {@code kind}.
     */
    private boolean anyLearner(java.util.function.Predicate<Learner> kind) {
        return Stream.of(
                        Stream.of(policy),
                        variantPolicies.values().stream(),
                        config.shadowPolicies().values().stream())
                .flatMap(s -> s)
                .anyMatch(p -> p.learns() && kind.test(p.learner()));
    }

    private PolicyState stateToDecide(long time, ReadOnlyContext ctx) throws Exception {
        PolicyState state = learner.value();
        if (state == null) {
            state = policy.newState(categoryPriorAt(time, ctx));
        } else if (policy.needsStart(state)) {
            // restored from another learner's state: start this one
            policy.ensureLearner(state, categoryPriorAt(time, ctx));
        } else {
            return state;
        }
        metrics.learnerStarted(state.pooledFrom != null);
        learner.update(state);
        return state;
    }

    /**
     * What the product's population tells of value per click at {@code time} ({@link Population}):
     * its catalog category's prior, shrunk toward all products', and all products' factors by
     * period of the day, from the parts pooled so far; null when the job does not pool value.
     */
    private Population populationAt(
            long time, ReadOnlyBroadcastState<String, PooledValue[]> valueParts) throws Exception {
        if (!poolsValue) {
            return null;
        }
        CatalogEntry entry = views.catalogAt(time);
        return valuePopulation.populationAt(
                valueParts, time, entry == null ? null : entry.category());
    }

    /** The prior of the product's catalog category in force at {@code time}, or null. */
    private PooledPrior categoryPriorAt(long time, ReadOnlyContext ctx) throws Exception {
        if (!config.coldStart().byCategory()) {
            return null;
        }
        CatalogEntry entry = views.catalogAt(time);
        if (entry == null || entry.category() == null) {
            return null;
        }
        PooledPrior prior =
                CategoryPooling.at(
                        ctx.getBroadcastState(CATEGORY_PRIORS).get(entry.category()), time);
        return prior != null && prior.arms() == policy.grid().size() ? prior : null;
    }

    /**
     * The decision for a slot by {@link DecisionRules} and the {@link Decider}, with the product's
     * drift fallback and a recovered learner written back.
     */
    private Decision decide(
            DecisionSlot slot,
            PolicyState state,
            ProductViews.Situation situation,
            double[] context,
            double pacingLambda)
            throws Exception {
        boolean wasInFallback = inFallback.value() != null;
        Decider.Decided decided =
                decider.decide(
                        slot,
                        state,
                        wasInFallback,
                        rules.verdict(situation.view()),
                        context,
                        pacingLambda);
        track(decided, wasInFallback, state);
        return decided.decision();
    }

    /** Writes back what a decision did to the product's drift fallback and learner. */
    private void track(Decider.Decided decided, boolean wasInFallback, PolicyState state)
            throws Exception {
        if (decided.recovered() || state.changedByDecision) {
            // a recovery, or a learner that kept its decision distribution until its next update
            state.changedByDecision = false;
            learner.update(state);
        }
        // written only when it changes: a state write per decision costs a RocksDB put or delete
        if (decided.inFallback() && !wasInFallback) {
            inFallback.update(true);
        } else if (!decided.inFallback() && wasInFallback) {
            inFallback.clear();
        }
    }

    private void emit(Decision decision, Collector<Decision> out) {
        out.collect(variant == null ? decision : decision.withVariant(variant));
        metrics.emitted(decision);
    }

    private boolean applyBatch(
            String productId,
            long batch,
            long time,
            ReadOnlyBroadcastState<Long, Long> traffic,
            ReadOnlyBroadcastState<Long, Double> pacing,
            ReadOnlyBroadcastState<String, PooledValue[]> valueParts)
            throws Exception {
        long first = clock.firstRoundOfBatch(batch);
        long end = clock.firstRoundOfBatch(batch + 1);
        FinalBatch finalBatch = new FinalBatch(productId);
        for (long round = first; round < end; round++) {
            PlayedRound playedRound = played.get(round);
            RoundOutcome outcome = outcomes.get(round);
            finalBatch.add(round, playedRound, outcome);
            // removed only when there: a remove is a RocksDB write (a tombstone) even when not
            if (playedRound != null) {
                played.remove(round);
            }
            if (outcome != null) {
                outcomes.remove(round);
            }
        }
        if (learnsOpenValue && !finalBatch.isEmpty()) {
            // an open round has clicks, so its batch has an outcome; anything older that stayed
            // (an outcome dropped late) goes with the next batch that is not empty
            openRounds.batchFinal(batch);
        }
        if (!requestsMode) {
            // traffic in rounds the learner did not decide: before activation, after inactivity,
            // or in fallback
            metrics.outcomesWithoutDecision(finalBatch.undecidedWithTraffic());
        }
        RecentConversions recent = recentConversions.value();
        if (recent != null || !finalBatch.isEmpty()) {
            // none yet and an empty batch: zeros, which the context reads as none
            recent = recent == null ? new RecentConversions() : recent;
            recent.addBatch(finalBatch.clicks(), finalBatch.conversions());
            recentConversions.update(recent);
        }
        if (!finalBatch.learns()) {
            return false;
        }
        FinalBatch.Learnable learnable =
                finalBatch.learnable(
                        clock, batchInputs.periodShares(end, traffic), batchInputs.pacing(pacing));
        PolicyState state = learner.value();
        if (state == null) {
            state = policy.newState();
        }
        policy.ensureLearner(state);
        Population population = populationAt(time, valueParts);
        // read only when some learner learns when ended: a state read per product and batch
        Long lastEnded = learnsWhenEnded ? endedBatch.value() : null;
        boolean endedLearned = lastEnded != null && lastEnded >= batch;
        learnable.applyTo(policy, state, population, time, endedLearned);
        learner.update(state);
        metrics.batchUpdated();
        // the shadows learn from the same bids, with the propensities they were played at
        shadows.learn(learnable, population, time, endedLearned);
        return true;
    }

    /**
     * When a batch's rounds have all ended, learners that learn then ({@link
     * io.banditflow.core.policy.Learner#learnsWhenEnded}) learn its played rounds' impressions,
     * clicks and cost ({@link EndedBatch}); the rest when it is final. Traffic shares are of the
     * whole days ended by then: the topology then broadcasts global traffic at each round's end too
     * ({@link io.banditflow.job.operator.GlobalTraffic}).
     */
    private boolean learnEnded(
            String productId,
            long batch,
            long time,
            ReadOnlyBroadcastState<Long, Long> traffic,
            ReadOnlyBroadcastState<Long, Double> pacing)
            throws Exception {
        if (!learnsWhenEnded) {
            // only the open rounds are learned from: whether it played in the batch is enough
            return playedIn(batch) && learner.value() != null;
        }
        EndedBatch ended = new EndedBatch(productId);
        for (long round = clock.firstRoundOfBatch(batch);
                round < clock.firstRoundOfBatch(batch + 1);
                round++) {
            PlayedRound playedRound = played.get(round);
            if (playedRound != null) {
                ended.add(round, playedRound, views.roundEndOf(productId, round));
            }
        }
        PolicyState state = learner.value();
        if (!ended.learns() || state == null) {
            return false;
        }
        policy.ensureLearner(state);
        double[] shares = batchInputs.periodShares(clock.dayOfFirstRoundNotEndedAt(time), traffic);
        PacingHistory pacingHistory = batchInputs.pacing(pacing);
        if (ended.applyTo(policy, state, clock, shares, pacingHistory, time)) {
            learner.update(state);
        }
        shadows.learnEnded(ended, clock, shares, pacingHistory, time);
        endedBatch.update(batch);
        return true;
    }

    /**
     * When a batch is mature ({@link RoundClock#batchMatureTime}), learners that learn then learn
     * the rounds they played in it ({@link io.banditflow.core.policy.Learner#learnMature}); what
     * has arrived of its sales they learn from the open rounds next.
     *
     * @return whether it played in the batch (the open rounds are then learned again)
     */
    private boolean learnMature(
            long batch, long time, ReadOnlyBroadcastState<String, PooledValue[]> valueParts)
            throws Exception {
        List<PlayedRound> rounds = new ArrayList<>();
        for (long round = clock.firstRoundOfBatch(batch);
                round < clock.firstRoundOfBatch(batch + 1);
                round++) {
            PlayedRound playedRound = played.get(round);
            if (playedRound != null) {
                rounds.add(playedRound);
            }
        }
        PolicyState state = learner.value();
        if (rounds.isEmpty() || state == null) {
            return false;
        }
        policy.ensureLearner(state);
        Population population = populationAt(time, valueParts);
        if (policy.applyMature(state, rounds, population, time)) {
            learner.update(state);
        }
        shadows.learnMature(rounds, population, time);
        return true;
    }

    /** Whether the learner decided a round of {@code batch}: its played rounds are kept. */
    private boolean playedIn(long batch) throws Exception {
        for (long round = clock.firstRoundOfBatch(batch);
                round < clock.firstRoundOfBatch(batch + 1);
                round++) {
            if (played.contains(round)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Learners that learn value per click from the rounds inside the attribution window learn what
     * those rounds show now ({@link OpenRoundsState}), weighted by the delays of the product's
     * category pooled in force then: at each end and final time of a batch it played in.
     */
    private void learnOpen(long time, ReadOnlyBroadcastState<String, PooledValue[]> valueParts)
            throws Exception {
        PolicyState state = learner.value();
        if (state == null) {
            return;
        }
        CatalogEntry entry = views.catalogAt(time);
        DelayModel delays =
                valuePopulation.delaysAt(
                        valueParts,
                        time,
                        entry == null ? null : entry.category(),
                        clock.attributionMillis());
        OpenValue open = openRounds.at(time, played, delays);
        policy.ensureLearner(state);
        if (policy.applyOpen(state, open, time)) {
            learner.update(state);
        }
        shadows.learnOpen(open, time);
    }
}
