package io.banditflow.job.operator.policy;

import static io.banditflow.testing.TestTime.H;
import static io.banditflow.testing.TestTime.R0;
import static io.banditflow.testing.TestTime.T0;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.drift.DriftAction;
import io.banditflow.core.drift.DriftMetric;
import io.banditflow.core.drift.DriftScope;
import io.banditflow.core.drift.DriftSignal;
import io.banditflow.core.drift.MarketEvidence;
import io.banditflow.core.event.CatalogEntry;
import io.banditflow.core.event.ControlAction;
import io.banditflow.core.event.ControlCommand;
import io.banditflow.core.event.ProductStatus;
import io.banditflow.core.guard.Guardrail;
import io.banditflow.core.guard.RoundSpend;
import io.banditflow.core.policy.BatchExp3;
import io.banditflow.core.policy.BidPolicy;
import io.banditflow.core.policy.Decision;
import io.banditflow.core.policy.DecisionJson;
import io.banditflow.core.policy.DecisionMode;
import io.banditflow.core.policy.PolicyState;
import io.banditflow.core.policy.PooledPrior;
import io.banditflow.core.reward.RoundOutcome;
import io.banditflow.job.config.JobConfig;
import io.banditflow.job.operator.PacingLevel;
import io.banditflow.job.operator.ProductActivity;
import io.banditflow.job.operator.TrafficTotal;
import io.banditflow.testing.TestingJobs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * The policy operator driven by hand (rounds of 1 h, batches of 2, attribution 2 h, no lead,
 * inactivity 4 h): when it decides, what it learns from, and that it leaves no timers and no
 * per-round bookkeeping behind.
 */
class PolicyOperatorTest {
    private static final JobConfig CONFIG = JobConfig.parse(TestingJobs.SMALL_JOB);

    private static KeyedBroadcastOperatorTestHarness<String, PolicyInput, PolicyBroadcast, Decision>
            harness() throws Exception {
        return harness(CONFIG);
    }

    /** The operator of {@code config} in a harness, with its broadcast state descriptors. */
    static KeyedBroadcastOperatorTestHarness<String, PolicyInput, PolicyBroadcast, Decision>
            harness(JobConfig config) throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new PolicyOperator(config),
                PolicyInput::productId,
                Types.STRING,
                PolicyStateLayout.broadcast().toArray(MapStateDescriptor<?, ?>[]::new));
    }

    private static PolicyInput seen(long time) {
        return PolicyInput.of(new ProductActivity("a", time));
    }

    private static List<Long> rounds(List<Decision> decisions) {
        return decisions.stream().map(d -> d.round() - R0).toList();
    }

    @Test
    void shouldDecideFromFirstActivityUntilInactiveAndCleanUp() throws Exception {
        try (var harness = harness()) {
            harness.processElement(seen(T0 + 300_000), T0 + 300_000);
            harness.watermark(T0 + H - 1);
            assertEquals(List.of(), harness.extractOutputValues());
            harness.watermark(T0 + H);
            assertEquals(List.of(1L), rounds(harness.extractOutputValues()));
            // next decision and the batch update of round R0 + 1
            assertEquals(2, harness.numEventTimeTimers());

            harness.processElement(seen(T0 + 2 * H + 10), T0 + 2 * H + 10);
            harness.watermark(Long.MAX_VALUE);
            // last activity in R0 + 2; four rounds of silence allowed after it, then the last
            // decision (INACTIVE), the same whether the watermark passes it on the way or at the
            // end of the input
            List<Decision> decisions = harness.extractOutputValues();
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), rounds(decisions));
            assertEquals(DecisionMode.INACTIVE, decisions.get(6).mode());
            assertEquals(0, harness.numEventTimeTimers());
            // what remains per product: the learner, its (pruned) activity log and its recent
            // conversions (the context of its next decision)
            assertEquals(
                    3,
                    ((HeapKeyedStateBackend<?>) harness.getOperator().getKeyedStateBackend())
                            .numKeyValueStateEntries());
        }
    }

    @Test
    void shouldActivateFromTheEarliestEventWhateverTheArrivalOrder() throws Exception {
        try (var harness = harness()) {
            harness.processElement(seen(T0 + 2 * H + 5), T0 + 2 * H + 5);
            harness.processElement(seen(T0 + 5), T0 + 5);
            harness.watermark(T0 + 3 * H);
            assertEquals(List.of(1L, 2L, 3L), rounds(harness.extractOutputValues()));
        }
    }

    @Test
    void shouldIgnoreActivityThatIsLate() throws Exception {
        try (var harness = harness()) {
            harness.watermark(T0 + 5 * H);
            harness.processElement(seen(T0 + H), T0 + H);
            harness.watermark(T0 + 9 * H);
            assertEquals(List.of(), harness.extractOutputValues());
            assertEquals(0, harness.numEventTimeTimers());
        }
    }

    @Test
    void shouldLearnFromOutcomeThatArrivedBeforeItsDecision() throws Exception {
        try (var harness = harness()) {
            // the window's clock ran ahead: R0 + 1's final outcome arrives before R0 + 1 is decided
            RoundOutcome outcome = new RoundOutcome("a", R0 + 1, 2, 1, 0.3, 1, 4.0);
            harness.processElement(PolicyInput.of(outcome), T0 + 2 * H - 1);
            harness.processBroadcastElement(
                    PolicyBroadcast.of(new TrafficTotal(R0 + 1, 2)), T0 + 2 * H - 1);
            harness.processElement(seen(T0 + 5), T0 + 5);
            harness.watermark(T0 + 4 * H);
            List<Decision> decisions = harness.extractOutputValues();
            assertEquals(List.of(1L, 2L, 3L, 4L), rounds(decisions));

            BidPolicy policy = CONFIG.policy();
            PolicyState expected = policy.newState();
            policy.applyBatch(
                    expected,
                    List.of(policy.played(decisions.get(0))),
                    List.of(outcome),
                    new double[] {1.0},
                    0);
            assertEquals(1, decisions.get(3).policyVersion());
            assertArrayEquals(
                    ((BatchExp3) policy.learner()).probabilities(expected.scores),
                    decisions.get(3).probabilities(),
                    1e-12);
        }
    }

    @Test
    void shouldLearnFromCostWeighedByThePacingLevelInForceWhenTheRoundWasDecided()
            throws Exception {
        JobConfig paced =
                JobConfig.parse(
                        TestingJobs.SMALL_JOB + "guardrails: {dailySpendCap: 1000}\npacing: {}\n");
        RoundOutcome outcome = new RoundOutcome("a", R0 + 1, 2, 1, 0.3, 1, 4.0);
        try (var harness = harness(paced)) {
            // λ after round R0 (known from R0 + 1's decision on); a later level must not count
            harness.processBroadcastElement(PolicyBroadcast.of(new PacingLevel(R0, 0.5)), T0);
            harness.processBroadcastElement(
                    PolicyBroadcast.of(new PacingLevel(R0 + 1, 3.0)), T0 + H);
            List<Decision> decisions = decisionsOverFourRounds(harness, outcome);
            assertEquals(List.of(1L, 2L, 3L, 4L), rounds(decisions));

            BidPolicy policy = paced.policy();
            PolicyState expected = policy.newState();
            policy.applyBatch(
                    expected,
                    List.of(policy.played(decisions.get(0))),
                    List.of(new RoundOutcome("a", R0 + 1, 2, 1, 0.3 * 1.5, 1, 4.0)),
                    new double[] {1.0},
                    0);
            assertArrayEquals(
                    ((BatchExp3) policy.learner()).probabilities(expected.scores),
                    decisions.get(3).probabilities(),
                    1e-12);
        }
    }

    @Test
    void shouldReplayALoggedDecisionInsteadOfDecidingAndLearnFromItsBidAndPropensity()
            throws Exception {
        RoundOutcome outcome = new RoundOutcome("a", R0 + 1, 2, 1, 0.3, 1, 4.0);
        List<Decision> uninterrupted = decisionsOverFourRounds(outcome);
        // what a rolled-back policy had placed in round R0 + 1: another bid, at its propensity
        Decision placed = uninterrupted.get(0);
        int otherArm = (placed.arm() + 2) % CONFIG.policy().grid().size();
        Decision logged = withArm(placed, otherArm, 0.125);

        try (var harness = harness()) {
            log(harness, placed.decidedAt(), logged);
            List<Decision> decisions = decisionsOverFourRounds(harness, outcome);
            // the logged round is not emitted again, the others are decided as before
            assertEquals(List.of(2L, 3L, 4L), rounds(decisions));

            BidPolicy policy = CONFIG.policy();
            PolicyState expected = policy.newState();
            policy.applyBatch(
                    expected,
                    List.of(policy.played(logged)),
                    List.of(outcome),
                    new double[] {1.0},
                    0);
            assertArrayEquals(
                    ((BatchExp3) policy.learner()).probabilities(expected.scores),
                    decisions.get(2).probabilities(),
                    1e-12);
            assertTrue(
                    !Arrays.equals(
                            uninterrupted.get(3).probabilities(), decisions.get(2).probabilities()),
                    "learning from the re-derived bid would have given the same policy");
            assertTrue(loggedDecisions(harness, "a").isEmpty());
        }
    }

    @Test
    void shouldDropLoggedDecisionsOfRoundsTheProductDoesNotReachAgain() throws Exception {
        try (var harness = harness()) {
            Decision neverReached =
                    withArm(
                            decisionsOverFourRounds(new RoundOutcome("a", R0 + 1, 0, 0, 0, 0, 0))
                                    .get(0),
                            0,
                            0.25);
            Decision beforeActivation =
                    new Decision(
                            Decision.idOf("test", "a", R0),
                            "test",
                            "a",
                            R0,
                            T0,
                            T0 + H,
                            T0,
                            neverReached.bid(),
                            neverReached.arm(),
                            0.25,
                            neverReached.bids(),
                            neverReached.probabilities(),
                            neverReached.algorithm(),
                            0,
                            neverReached.propensityMethod(),
                            0,
                            DecisionMode.LEARNED,
                            neverReached.reason(),
                            new Guardrail[0],
                            0,
                            3,
                            neverReached.context(),
                            null,
                            null);
            log(harness, T0 + H, beforeActivation);
            harness.processElement(seen(T0 + 300_000), T0 + 300_000);
            harness.watermark(Long.MAX_VALUE);
            assertTrue(loggedDecisions(harness, "a").isEmpty());
        }
    }

    @Test
    void shouldNotLearnFromALoggedDecisionOnAnotherBidGrid() throws Exception {
        RoundOutcome outcome = new RoundOutcome("a", R0 + 1, 2, 1, 0.3, 1, 4.0);
        Decision placed = decisionsOverFourRounds(outcome).get(0);
        Decision otherGrid =
                new Decision(
                        placed.decisionId(),
                        placed.job(),
                        placed.productId(),
                        placed.round(),
                        placed.roundStart(),
                        placed.roundEnd(),
                        placed.decidedAt(),
                        0.15,
                        1,
                        0.5,
                        new double[] {0.05, 0.15},
                        new double[] {0.5, 0.5},
                        placed.algorithm(),
                        placed.policyVersion(),
                        placed.propensityMethod(),
                        placed.propensityError(),
                        DecisionMode.LEARNED,
                        placed.reason(),
                        placed.guardrails(),
                        0,
                        1,
                        placed.context(),
                        null,
                        null);
        try (var harness = harness()) {
            log(harness, placed.decidedAt(), otherGrid);
            List<Decision> decisions = decisionsOverFourRounds(harness, outcome);
            assertEquals(List.of(2L, 3L, 4L), rounds(decisions));
            // nothing was learned: round R0 + 1 counts as not played
            assertEquals(0, decisions.get(2).policyVersion());
        }
    }

    /** Round R0 + 1's outcome, activity from R0 on, the clock to R0 + 4: four decisions. */
    private static List<Decision> decisionsOverFourRounds(RoundOutcome outcome) throws Exception {
        try (var harness = harness()) {
            return decisionsOverFourRounds(harness, outcome);
        }
    }

    private static List<Decision> decisionsOverFourRounds(
            KeyedBroadcastOperatorTestHarness<String, PolicyInput, PolicyBroadcast, Decision>
                    harness,
            RoundOutcome outcome)
            throws Exception {
        harness.processElement(PolicyInput.of(outcome), T0 + 2 * H - 1);
        harness.processBroadcastElement(
                PolicyBroadcast.of(new TrafficTotal(R0 + 1, 2)), T0 + 2 * H - 1);
        harness.processElement(seen(T0 + 5), T0 + 5);
        harness.watermark(T0 + 4 * H);
        return harness.extractOutputValues();
    }

    /** A decision as it would have been logged had it played {@code arm}. */
    static Decision withArm(Decision d, int arm, double propensity) {
        return new Decision(
                d.decisionId(),
                d.job(),
                d.productId(),
                d.round(),
                d.roundStart(),
                d.roundEnd(),
                d.decidedAt(),
                d.bids()[arm],
                arm,
                propensity,
                d.bids(),
                d.probabilities(),
                d.algorithm(),
                d.policyVersion(),
                d.propensityMethod(),
                d.propensityError(),
                d.mode(),
                d.reason(),
                d.guardrails(),
                d.lowestArm(),
                d.highestArm(),
                d.context(),
                d.requestId(),
                null);
    }

    /** Writes logged decisions into the operator's state, as the state tool does for a rollback. */
    static void log(
            KeyedBroadcastOperatorTestHarness<String, PolicyInput, PolicyBroadcast, Decision>
                    harness,
            long until,
            Decision... logged)
            throws Exception {
        var operator = harness.getOperator();
        operator.getOperatorStateBackend()
                .getBroadcastState(PolicyStateLayout.DECISION_REPLAY)
                .put(PolicyStateLayout.LOGGED_UNTIL, until);
        for (Decision decision : logged) {
            operator.setCurrentKey(decision.productId());
            loggedDecisionState(harness).put(decision.decisionId(), decision);
        }
    }

    static List<String> loggedDecisions(
            KeyedBroadcastOperatorTestHarness<String, PolicyInput, PolicyBroadcast, Decision>
                    harness,
            String productId)
            throws Exception {
        harness.getOperator().setCurrentKey(productId);
        List<String> ids = new ArrayList<>();
        loggedDecisionState(harness).keys().forEach(ids::add);
        return ids;
    }

    private static MapState<String, Decision> loggedDecisionState(
            KeyedBroadcastOperatorTestHarness<String, PolicyInput, PolicyBroadcast, Decision>
                    harness)
            throws Exception {
        return harness.getOperator()
                .getKeyedStateBackend()
                .getPartitionedState(
                        VoidNamespace.INSTANCE,
                        VoidNamespaceSerializer.INSTANCE,
                        PolicyStateLayout.loggedDecisions());
    }

    private static DriftSignal signal(DriftScope scope, DriftAction action, long effectiveTime) {
        String product = scope == DriftScope.PRODUCT ? "a" : DriftScope.ALL_PRODUCTS;
        return new DriftSignal(
                "id",
                "test",
                scope,
                product,
                DriftMetric.CTR,
                action == DriftAction.FALLBACK ? "ks" : "clean-windows",
                0.9,
                0.001,
                1e-6,
                0,
                1,
                1,
                2,
                50,
                8,
                action,
                effectiveTime);
    }

    private static List<DecisionMode> modes(List<Decision> decisions) {
        return decisions.stream().map(Decision::mode).toList();
    }

    @Test
    void shouldBidTheBaselineWhileTheProductIsInFallbackAndNotLearnFromIt() throws Exception {
        try (var harness = harness()) {
            harness.processElement(seen(T0 + 5), T0 + 5);
            harness.processElement(seen(T0 + 2 * H + 10), T0 + 2 * H + 10);
            // effective from the end of round R0 + 1, whatever order it arrives in
            harness.processElement(
                    PolicyInput.of(signal(DriftScope.PRODUCT, DriftAction.RECOVER, T0 + 4 * H)),
                    T0 + 2 * H - 1);
            harness.processElement(
                    PolicyInput.of(signal(DriftScope.PRODUCT, DriftAction.FALLBACK, T0 + 2 * H)),
                    T0 + 2 * H - 1);
            harness.watermark(T0 + 5 * H);
            List<Decision> decisions = harness.extractOutputValues();
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), rounds(decisions));
            assertEquals(
                    List.of(
                            DecisionMode.LEARNED,
                            DecisionMode.FALLBACK,
                            DecisionMode.FALLBACK,
                            DecisionMode.LEARNED,
                            DecisionMode.LEARNED),
                    modes(decisions));
            Decision fallback = decisions.get(1);
            assertEquals(CONFIG.baselineBid(), fallback.bid(), 1e-12);
            assertEquals(1.0, fallback.propensity());
            assertTrue(
                    fallback.reason().startsWith("CTR drift in product a: KS"), fallback.reason());

            // the batch of rounds R0 + 2 and R0 + 3 was all fallback: nothing to learn from it
            harness.processElement(
                    PolicyInput.of(new RoundOutcome("a", R0 + 2, 9, 3, 0.3, 1, 4.0)),
                    T0 + 3 * H - 1);
            harness.watermark(T0 + 8 * H);
            List<Decision> later = harness.extractOutputValues();
            // the product's last decision before inactivity (R0 + 7, INACTIVE) comes after it
            Decision last = later.get(later.size() - 2);
            assertEquals(DecisionMode.INACTIVE, later.get(later.size() - 1).mode());
            assertEquals(R0 + 6, last.round());
            assertEquals(1, last.policyVersion(), "only the batch of R0 + 1 was learned from");
        }
    }

    @Test
    void shouldFallBackForEveryProductOnAGlobalSignalWhenAlarmsAreNotConfirmed() throws Exception {
        JobConfig everyProduct =
                JobConfig.parse(TestingJobs.SMALL_JOB + "drift:\n  marketAlarmAlpha: 1\n");
        try (var harness = harness(everyProduct)) {
            globalAlarmFromRoundOneToThree(harness);
            harness.processElement(seen(T0 + 5), T0 + 5);
            harness.watermark(T0 + 4 * H);
            assertEquals(
                    List.of(
                            DecisionMode.FALLBACK,
                            DecisionMode.FALLBACK,
                            DecisionMode.LEARNED,
                            DecisionMode.LEARNED),
                    modes(harness.extractOutputValues()));
        }
    }

    @Test
    void shouldFollowAGlobalSignalFromTheProductsOwnEvidenceOn() throws Exception {
        try (var harness = harness()) {
            globalAlarmFromRoundOneToThree(harness);
            harness.processElement(seen(T0 + 5), T0 + 5);
            // its own CTR residuals agree from round R0 + 2 on, whatever order it arrives in
            harness.processElement(
                    PolicyInput.of(
                            new MarketEvidence(
                                    "a", T0 + 2 * H, MarketEvidence.bitOf(DriftMetric.CTR))),
                    T0 + 2 * H - 1);
            harness.processElement(
                    PolicyInput.of(new MarketEvidence("a", T0 + 2 * H + 1, 0)), T0 + 2 * H);
            harness.watermark(T0 + 4 * H);
            List<Decision> decisions = harness.extractOutputValues();
            assertEquals(
                    List.of(
                            DecisionMode.LEARNED,
                            DecisionMode.FALLBACK,
                            DecisionMode.LEARNED,
                            DecisionMode.LEARNED),
                    modes(decisions));
            assertTrue(
                    decisions.get(1).reason().contains("own residuals agree"),
                    decisions.get(1).reason());
        }
    }

    private static void globalAlarmFromRoundOneToThree(
            KeyedBroadcastOperatorTestHarness<String, PolicyInput, PolicyBroadcast, Decision>
                    harness)
            throws Exception {
        harness.processBroadcastElement(
                PolicyBroadcast.of(signal(DriftScope.GLOBAL, DriftAction.FALLBACK, T0 + H)),
                T0 + H - 1);
        harness.processBroadcastElement(
                PolicyBroadcast.of(signal(DriftScope.GLOBAL, DriftAction.RECOVER, T0 + 3 * H)),
                T0 + 3 * H - 1);
    }

    @Test
    void shouldResumeInFallbackAfterARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var harness = harness()) {
            harness.processElement(seen(T0 + 5), T0 + 5);
            harness.processElement(
                    PolicyInput.of(signal(DriftScope.PRODUCT, DriftAction.FALLBACK, T0 + H)),
                    T0 + H - 1);
            harness.watermark(T0 + 2 * H);
            assertEquals(
                    List.of(DecisionMode.FALLBACK, DecisionMode.FALLBACK),
                    modes(harness.extractOutputValues()));
            snapshot = harness.snapshot(1, T0 + 2 * H);
        }
        try (var restored = unopenedHarness()) {
            restored.initializeState(snapshot);
            restored.open();
            restored.watermark(T0 + 4 * H);
            assertEquals(List.of(3L, 4L), rounds(restored.extractOutputValues()));
            assertEquals(
                    List.of(DecisionMode.FALLBACK, DecisionMode.FALLBACK),
                    modes(restored.extractOutputValues()));
        }
    }

    /**
     * A restored operator's watermark starts from nothing; its event clock does not. Activity from
     * before the rounds it decided, read after the restore, neither decides them again nor starts a
     * product in the past (before the fix: rounds 3 and 4 decided twice).
     */
    @Test
    void shouldDecideNoRoundAgainForActivityBeforeItsClockAfterARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var harness = harness()) {
            harness.processElement(seen(T0 + 5), T0 + 5);
            harness.watermark(T0 + 4 * H);
            assertEquals(List.of(1L, 2L, 3L, 4L), rounds(harness.extractOutputValues()));
            snapshot = harness.snapshot(1, T0 + 4 * H);
        }
        try (var restored = unopenedHarness()) {
            restored.initializeState(snapshot);
            restored.open();
            restored.processElement(seen(T0 + 2 * H + 1), T0 + 2 * H + 1);
            restored.processElement(
                    PolicyInput.of(new ProductActivity("new", T0 + 2 * H + 1)), T0 + 2 * H + 1);
            restored.processElement(seen(T0 + 4 * H + 1), T0 + 4 * H + 1);
            restored.watermark(T0 + 6 * H);
            List<Decision> after = restored.extractOutputValues();
            assertEquals(List.of(5L, 6L), rounds(after));
            assertTrue(after.stream().allMatch(d -> d.productId().equals("a")), "" + after);
        }
    }

    private static KeyedBroadcastOperatorTestHarness<String, PolicyInput, PolicyBroadcast, Decision>
            unopenedHarness() throws Exception {
        return new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(
                        new PolicyOperator(CONFIG), PolicyStateLayout.broadcast()),
                PolicyInput::productId,
                Types.STRING,
                1,
                1,
                0);
    }

    private static PolicyBroadcast command(String id, String scope, ControlAction action, long at) {
        return PolicyBroadcast.of(new ControlCommand(id, scope, action, "test", "sre", at));
    }

    @Test
    void shouldLetTheMoreSevereCommandBindAndALateOneBindWhatIsStillToCome() throws Exception {
        try (var harness = harness()) {
            harness.processElement(seen(T0 + 5), T0 + 5);
            harness.processElement(seen(T0 + 3 * H + 5), T0 + 3 * H + 5);
            harness.watermark(T0 + 2 * H);
            // arrives after the clock passed its time: binds the decisions still to come
            harness.processBroadcastElement(
                    command("k1", "*", ControlAction.FORCE_BASELINE, T0 + H + 1), T0 + H + 1);
            // a product's release does not lift a command for all products
            harness.processBroadcastElement(
                    command("k2", "a", ControlAction.RELEASE, T0 + 3 * H), T0 + 3 * H);
            harness.processBroadcastElement(
                    command("k3", "a", ControlAction.STOP_BIDDING, T0 + 4 * H), T0 + 4 * H);
            harness.processBroadcastElement(
                    command("k4", "*", ControlAction.RELEASE, T0 + 5 * H), T0 + 5 * H);
            harness.processBroadcastElement(
                    command("k5", "a", ControlAction.RELEASE, T0 + 6 * H), T0 + 6 * H);
            harness.watermark(T0 + 7 * H);
            assertEquals(
                    List.of(
                            DecisionMode.LEARNED,
                            DecisionMode.LEARNED,
                            DecisionMode.KILLED,
                            DecisionMode.STOPPED,
                            DecisionMode.STOPPED,
                            DecisionMode.LEARNED,
                            DecisionMode.LEARNED),
                    modes(harness.extractOutputValues()));
        }
    }

    private static final JobConfig GUARDED =
            JobConfig.parse(
                    TestingJobs.SMALL_JOB
                            + "baseline: {bid: 0.10}\n"
                            + "guardrails: {productDailySpendCap: 1.0, dailySpendCap: 5.0,"
                            + " cpcSpike: {factor: 3, minRounds: 2, minClicks: 1}}\n");

    /** Activity in every round from R0 to R0 + rounds - 1, so the product stays active. */
    private static void activeFor(
            KeyedBroadcastOperatorTestHarness<String, PolicyInput, PolicyBroadcast, Decision>
                    harness,
            int rounds)
            throws Exception {
        for (int r = 0; r < rounds; r++) {
            harness.processElement(seen(T0 + r * H + 5), T0 + r * H + 5);
        }
    }

    private static PolicyInput spent(long round, double cost, long clicks) {
        return PolicyInput.atRoundEnd(new RoundOutcome("a", round, 100, clicks, cost, 0, 0));
    }

    @Test
    void shouldBidTheFloorForTheRestOfTheDayOnceTheProductCapIsReached() throws Exception {
        try (var harness = harness(GUARDED)) {
            activeFor(harness, 26);
            harness.processElement(spent(R0, 0.6, 6), T0 + H - 1);
            harness.processElement(spent(R0 + 1, 0.5, 5), T0 + 2 * H - 1);
            harness.watermark(T0 + 26 * H);
            Map<Long, DecisionMode> modes = new TreeMap<>();
            for (Decision d : harness.extractOutputValues()) {
                modes.put(d.round() - R0, d.mode());
            }
            assertEquals(DecisionMode.LEARNED, modes.get(1L));
            for (long r = 2; r < 24; r++) {
                assertEquals(DecisionMode.CAPPED, modes.get(r), "round " + r);
            }
            assertEquals(DecisionMode.LEARNED, modes.get(24L), "a new day");
            Decision capped =
                    harness.extractOutputValues().stream()
                            .filter(d -> d.mode() == DecisionMode.CAPPED)
                            .findFirst()
                            .orElseThrow();
            assertEquals(0.05, capped.bid());
            assertEquals(1.0, capped.propensity());
            assertArrayEquals(new Guardrail[] {Guardrail.PRODUCT_SPEND_CAP}, capped.guardrails());
        }
    }

    @Test
    void shouldCapAllProductsOnceTheGlobalCapIsReached() throws Exception {
        try (var harness = harness(GUARDED)) {
            activeFor(harness, 4);
            harness.processBroadcastElement(
                    PolicyBroadcast.of(new RoundSpend(R0 + 1, 5.0, 40)), T0 + 2 * H - 1);
            harness.watermark(T0 + 3 * H);
            List<Decision> decisions = harness.extractOutputValues();
            assertEquals(
                    List.of(DecisionMode.LEARNED, DecisionMode.CAPPED, DecisionMode.CAPPED),
                    modes(decisions));
            assertArrayEquals(
                    new Guardrail[] {Guardrail.GLOBAL_SPEND_CAP}, decisions.get(1).guardrails());
        }
    }

    @Test
    void shouldKeepBidsAtMostTheBaselineAfterACpcSpike() throws Exception {
        try (var harness = harness(GUARDED)) {
            activeFor(harness, 6);
            harness.processElement(spent(R0, 0.2, 2), T0 + H - 1);
            harness.processElement(spent(R0 + 1, 0.1, 1), T0 + 2 * H - 1);
            harness.processElement(spent(R0 + 2, 0.5, 1), T0 + 3 * H - 1); // CPC 0.5 vs 0.1
            harness.processElement(spent(R0 + 3, 0.1, 1), T0 + 4 * H - 1); // back to normal
            harness.watermark(T0 + 5 * H);
            List<Decision> decisions = harness.extractOutputValues();
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), rounds(decisions));
            Decision guarded = decisions.get(2); // round R0 + 3, decided knowing R0 + 2
            assertEquals(DecisionMode.LEARNED, guarded.mode());
            assertArrayEquals(new Guardrail[] {Guardrail.CPC_ANOMALY}, guarded.guardrails());
            assertEquals(1, guarded.highestArm());
            assertEquals(0, guarded.probabilities()[2]);
            assertEquals(0, guarded.probabilities()[3]);
            assertEquals(0, decisions.get(3).guardrails().length);
            assertEquals(3, decisions.get(3).highestArm());
        }
    }

    private static PolicyInput catalog(ProductStatus status, double baseBid, long time) {
        return PolicyInput.of(new CatalogEntry("a", "shoes", "mid", baseBid, status, time));
    }

    /**
     * A product that goes quiet while the stream goes on leaves the baseline bid as its last
     * decision (issue 19: not the learner's latest, possibly exploratory, bid), and no timers.
     */
    @Test
    void shouldLeaveTheBaselineBidAsTheLastDecisionOfAnInactiveProduct() throws Exception {
        try (var harness = harness()) {
            harness.processElement(seen(T0 + 300_000), T0 + 300_000);
            harness.watermark(T0 + 20 * H);
            List<Decision> decided = harness.extractOutputValues();
            // activity in R0; four rounds of silence allowed after it; R0 + 5 is the last
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), rounds(decided));
            Decision last = decided.get(decided.size() - 1);
            assertEquals(DecisionMode.INACTIVE, last.mode());
            assertEquals(CONFIG.baselineBid(), last.bid(), 1e-12);
            assertEquals(1.0, last.propensity());
            assertEquals(0, harness.numEventTimeTimers());
        }
    }

    /**
     * Whether the watermark passes a product's last round on its way or jumps there at the end of
     * the input (a drain, a bounded input) is wall-clock timing (source idleness); the decisions
     * are the same either way, the INACTIVE one included (issue 21: a restore test lost it when the
     * drain came first).
     */
    @Test
    void shouldDecideTheSameWhetherTheWatermarkPassesTheLastRoundOrTheInputEnds() throws Exception {
        List<String> stepwise;
        try (var harness = harness()) {
            harness.processElement(seen(T0 + 300_000), T0 + 300_000);
            for (long t = T0 + H; t <= T0 + 8 * H; t += H) {
                harness.watermark(t);
            }
            harness.watermark(Long.MAX_VALUE);
            stepwise = harness.extractOutputValues().stream().map(DecisionJson::write).toList();
        }
        try (var harness = harness()) {
            harness.processElement(seen(T0 + 300_000), T0 + 300_000);
            harness.watermark(T0 + H);
            harness.watermark(Long.MAX_VALUE);
            assertEquals(
                    stepwise,
                    harness.extractOutputValues().stream().map(DecisionJson::write).toList());
        }
        assertEquals(5, stepwise.size());
    }

    /**
     * A product listed ACTIVE whose bids win nothing for a week (no events at all) keeps getting a
     * decision every round, so a losing exploratory bid cannot silence it for good; its next event
     * is learned from as usual. Not listed, it would have stopped after the four-hour timeout.
     */
    @Test
    void shouldKeepDecidingForAProductListedActiveThatWinsNothingForAWeek() throws Exception {
        try (var harness = harness()) {
            harness.processElement(catalog(ProductStatus.ACTIVE, 0.15, T0), T0);
            harness.processElement(seen(T0 + 300_000), T0 + 300_000);
            long week = 7 * 24 * H;
            harness.watermark(T0 + week);
            List<Decision> silent = harness.extractOutputValues();
            assertEquals(7 * 24, silent.size(), "a decision every hour of the silent week");
            assertTrue(silent.stream().noneMatch(d -> d.mode() == DecisionMode.INACTIVE));
            harness.processElement(seen(T0 + week + 60_000), T0 + week + 60_000);
            harness.watermark(T0 + week + 2 * H);
            assertEquals(7 * 24 + 2, harness.extractOutputValues().size(), "and it comes back");
        }
    }

    @Test
    void shouldNotBidWhilePausedAndUseTheCatalogsBaselineBid() throws Exception {
        try (var harness = harness()) {
            activeFor(harness, 6);
            harness.processElement(catalog(ProductStatus.PAUSED, 0.40, T0 + 2 * H), T0 + 2 * H);
            harness.processElement(catalog(ProductStatus.ACTIVE, 0.40, T0 + 4 * H), T0 + 4 * H);
            harness.processElement(
                    PolicyInput.of(signal(DriftScope.PRODUCT, DriftAction.FALLBACK, T0 + 5 * H)),
                    T0 + 5 * H);
            harness.watermark(T0 + 6 * H);
            List<Decision> decisions = harness.extractOutputValues();
            assertEquals(
                    List.of(
                            DecisionMode.LEARNED,
                            DecisionMode.PAUSED,
                            DecisionMode.PAUSED,
                            DecisionMode.LEARNED,
                            DecisionMode.FALLBACK,
                            DecisionMode.FALLBACK),
                    modes(decisions));
            assertEquals(0.0, decisions.get(1).bid());
            assertEquals(0.40, decisions.get(4).bid(), "the catalog's baseline, not the job's");
        }
    }

    private static PolicyBroadcast prior(String category, int favoured, long asOf) {
        double[] means = new double[4];
        means[favoured] = 1;
        return PolicyBroadcast.of(
                new PooledPrior(category, asOf, means, new double[] {10, 10, 10, 10}, 10));
    }

    @Test
    void shouldStartANewProductFromItsCategorysPriorInForceWhenItFirstDecides() throws Exception {
        JobConfig pooled =
                JobConfig.parse(
                        TestingJobs.SMALL_JOB.replace("control: k}", "control: k, catalog: g}")
                                + "coldStart: {pooling: category, strength: 10}\n");
        try (var harness = harness(pooled)) {
            // the later prior arrives first: priors are looked up by time, not by arrival
            harness.processBroadcastElement(prior("shoes", 0, T0 + 3 * H), T0 + 3 * H);
            harness.processBroadcastElement(prior("shoes", 3, T0), T0);
            for (String product : List.of("a", "b", "c")) {
                harness.processElement(
                        PolicyInput.of(
                                new CatalogEntry(
                                        product,
                                        product.equals("b") ? "bags" : "shoes",
                                        "mid",
                                        Double.NaN,
                                        ProductStatus.ACTIVE,
                                        T0)),
                        T0);
            }
            harness.processElement(PolicyInput.of(new ProductActivity("a", T0 + 5)), T0 + 5);
            harness.processElement(PolicyInput.of(new ProductActivity("b", T0 + 5)), T0 + 5);
            harness.processElement(
                    PolicyInput.of(new ProductActivity("c", T0 + 2 * H + 5)), T0 + 2 * H + 5);
            harness.watermark(T0 + 3 * H);
            Map<String, Decision> first = new HashMap<>();
            for (Decision d : harness.extractOutputValues()) {
                first.putIfAbsent(d.productId(), d);
            }
            // EXP3 with η = 0.5, γ = 0.1: a prior of 10 rounds at reward 1 on one arm gives it
            // 0.9 · e⁵ / (e⁵ + 3) + 0.025 = 0.9072
            assertEquals(3, first.get("a").arm(), "the shoes prior in force at its decision");
            assertEquals(0.9072, first.get("a").propensity(), 1e-4);
            assertEquals(0.25, first.get("b").propensity(), 1e-12, "bags: nothing pooled");
            assertEquals(0, first.get("c").arm(), "the prior in force two hours later");
            assertEquals(0.9072, first.get("c").propensity(), 1e-4);
        }
    }

    @Test
    void shouldBidTheBestOnceExplorationHasHadItsShareOfTheDay() throws Exception {
        JobConfig capped =
                JobConfig.parse(TestingJobs.SMALL_JOB + "guardrails:\n  explorationShare: 0.5\n");
        try (var harness = harness(capped)) {
            harness.processElement(seen(T0 + 5), T0 + 5);
            harness.watermark(T0 + H);
            Decision first = harness.extractOutputValues().get(0);
            // a fresh learner's best is the lowest bid (all scores equal): this round explores
            assertEquals(DecisionMode.LEARNED, first.mode());
            assertTrue(first.arm() != 0, "seed 7 draws arm " + first.arm());
            // its spend is known at the next decision: all of today's spend was exploration
            harness.processElement(
                    PolicyInput.atRoundEnd(new RoundOutcome("a", R0 + 1, 10, 2, 0.4, 0, 0)),
                    T0 + 2 * H - 1);
            harness.watermark(T0 + 2 * H);
            Decision second = harness.extractOutputValues().get(1);
            assertEquals(DecisionMode.EXPLOITING, second.mode());
            assertEquals(0, second.arm());
            assertEquals(1.0, second.propensity());
            assertEquals(List.of(Guardrail.EXPLORATION_CAP), List.of(second.guardrails()));
        }
    }
}
