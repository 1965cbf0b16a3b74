package io.banditflow.job.operator.policy;

import static io.banditflow.testing.TestTime.H;
import static io.banditflow.testing.TestTime.R0;
import static io.banditflow.testing.TestTime.T0;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.context.ContextFeatures;
import io.banditflow.core.event.ControlAction;
import io.banditflow.core.event.ControlCommand;
import io.banditflow.core.event.DecisionRequest;
import io.banditflow.core.event.Device;
import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.event.LateEvent;
import io.banditflow.core.event.LateReason;
import io.banditflow.core.guard.Guardrail;
import io.banditflow.core.policy.BidPolicy;
import io.banditflow.core.policy.Decision;
import io.banditflow.core.policy.DecisionJson;
import io.banditflow.core.policy.DecisionMode;
import io.banditflow.core.policy.DecisionSlot;
import io.banditflow.core.policy.PolicyState;
import io.banditflow.core.request.PendingRequest;
import io.banditflow.job.config.JobConfig;
import io.banditflow.job.operator.SideOutputs;
import io.banditflow.job.source.ReceivedRequest;
import io.banditflow.testing.TestingJobs;
import java.util.List;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The policy operator answering decision requests, driven by hand (rounds of 1 h, attribution 2 h,
 * LinUCB): answers at once, joins feedback by decision id in any order, learns when a request's
 * window has passed, and sends feedback it cannot join to the late output.
 */
class PolicyOperatorRequestsTest {

    /** When the feedback of requests made in round R0 is final. */
    private static final long FINAL_R0 = T0 + 3 * H - 1;

    private static final JobConfig CONFIG = JobConfig.parse(TestingJobs.REQUESTS_JOB);

    private static KeyedBroadcastOperatorTestHarness<String, PolicyInput, PolicyBroadcast, Decision>
            harness() throws Exception {
        return PolicyOperatorTest.harness(CONFIG);
    }

    private static PolicyInput request(String id, long time) {
        return PolicyInput.of(
                new ReceivedRequest(
                        new DecisionRequest(
                                id,
                                "a",
                                time,
                                "returning",
                                Device.MOBILE,
                                new String[] {"depth", "unused"},
                                new double[] {2.5, 7}),
                        ReceivedRequest.nowMicros()));
    }

    private static String answerTo(String requestId) {
        return "test/a/request/" + requestId;
    }

    private static PolicyInput click(String requestId, long time, double cost) {
        return PolicyInput.feedback(
                FeedbackEvent.click("c-" + requestId, "a", time, cost, answerTo(requestId)));
    }

    private static PolicyInput sale(String requestId, long clickTime, long time, double value) {
        return PolicyInput.feedback(
                FeedbackEvent.conversion(
                        "v-" + requestId, "a", time, clickTime, value, answerTo(requestId)));
    }

    private static List<LateEvent> unjoined(
            KeyedBroadcastOperatorTestHarness<String, PolicyInput, PolicyBroadcast, Decision>
                    harness) {
        var records = harness.getSideOutput(SideOutputs.UNJOINED_FEEDBACK);
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void shouldAnswerAtOnceWithTheRequestsContext() throws Exception {
        try (var harness = harness()) {
            harness.processElement(request("r1", T0 + 5), T0 + 5);
            List<Decision> answers = harness.extractOutputValues();
            assertEquals(1, answers.size(), "answered before any watermark");
            Decision answer = answers.get(0);
            assertEquals("test/a/request/r1", answer.decisionId());
            assertEquals("r1", answer.requestId());
            assertEquals(R0, answer.round());
            assertEquals(T0 + 5, answer.decidedAt());
            assertEquals(DecisionMode.LEARNED, answer.mode());
            assertEquals("linucb", answer.algorithm());
            // round context, then segments [new, returning], devices, depth clipped to 1
            double[] requestPart = {0, 1, 0, 1, 0, 0, 1};
            double[] tail = new double[requestPart.length];
            System.arraycopy(
                    answer.context(), ContextFeatures.DIMENSION, tail, 0, requestPart.length);
            assertArrayEquals(requestPart, tail);
            assertEquals(ContextFeatures.DIMENSION + requestPart.length, answer.context().length);
            assertEquals(1, harness.numEventTimeTimers(), "the request's final time");
        }
    }

    @Test
    void shouldLearnFromTheJoinedFeedbackOnceTheWindowHasPassed() throws Exception {
        try (var harness = harness()) {
            harness.processElement(request("r1", T0 + 5), T0 + 5);
            harness.processElement(click("r1", T0 + 60_000, 0.1), T0 + 60_000);
            harness.processElement(sale("r1", T0 + 60_000, T0 + H, 2.0), T0 + 60_000);
            harness.watermark(FINAL_R0 - 1);
            harness.processElement(request("r2", FINAL_R0 - 1), FINAL_R0 - 1);
            harness.watermark(FINAL_R0);
            harness.processElement(request("r3", FINAL_R0 + 1), FINAL_R0 + 1);
            List<Decision> answers = harness.extractOutputValues();
            assertEquals(
                    List.of(0L, 0L, 1L), answers.stream().map(Decision::policyVersion).toList());

            // the same update by hand: profit 2.0 − 0.1 = 1.9, reward (1.9 + 0.4) / 4 = 0.575
            BidPolicy policy = CONFIG.policy();
            PolicyState expected = policy.newState();
            Decision first = answers.get(0);
            PendingRequest joined = PendingRequest.of(first, true, true);
            policy.applyRewards(expected, List.of(joined.played()), new double[] {0.575}, 0);
            Decision third = answers.get(2);
            Decision byHand = policy.decide(slotOf(third), expected, third.context());
            assertArrayEquals(byHand.probabilities(), third.probabilities(), 1e-12);
            assertEquals(byHand.arm(), third.arm());

            harness.watermark(Long.MAX_VALUE);
            assertEquals(0, harness.numEventTimeTimers());
            assertEquals(List.of(), unjoined(harness));
            // what remains per product: the learner; no recent conversions, as the round
            // batches had no outcome (none yet reads as zeros in the context)
            assertEquals(
                    1,
                    ((HeapKeyedStateBackend<?>) harness.getOperator().getKeyedStateBackend())
                            .numKeyValueStateEntries());
        }
    }

    @Test
    void shouldReplayALoggedAnswerAndLearnFromItsBidAndPropensity() throws Exception {
        Decision answered;
        try (var harness = harness()) {
            harness.processElement(request("r1", T0 + 5), T0 + 5);
            answered = harness.extractOutputValues().get(0);
        }
        int otherArm = (answered.arm() + 1) % CONFIG.policy().grid().size();
        Decision logged = PolicyOperatorTest.withArm(answered, otherArm, 0.2);
        try (var harness = harness()) {
            PolicyOperatorTest.log(harness, T0 + 5, logged);
            harness.processElement(request("r1", T0 + 5), T0 + 5);
            harness.processElement(click("r1", T0 + 60_000, 0.1), T0 + 60_000);
            harness.processElement(sale("r1", T0 + 60_000, T0 + H, 2.0), T0 + 60_000);
            harness.watermark(FINAL_R0);
            harness.processElement(request("r3", FINAL_R0 + 1), FINAL_R0 + 1);
            List<Decision> answers = harness.extractOutputValues();
            assertEquals(List.of("r3"), answers.stream().map(Decision::requestId).toList());

            BidPolicy policy = CONFIG.policy();
            PolicyState expected = policy.newState();
            PendingRequest joined = PendingRequest.of(logged, true, true);
            policy.applyRewards(expected, List.of(joined.played()), new double[] {0.575}, 0);
            Decision third = answers.get(0);
            Decision byHand = policy.decide(slotOf(third), expected, third.context());
            assertArrayEquals(byHand.probabilities(), third.probabilities(), 1e-12);
            assertEquals(List.of(), PolicyOperatorTest.loggedDecisions(harness, "a"));
        }
    }

    @Test
    void shouldJoinFeedbackThatArrivesBeforeItsRequest() throws Exception {
        List<Decision> inOrder = answersWithFeedback(false);
        List<Decision> feedbackFirst = answersWithFeedback(true);
        assertEquals(
                inOrder.stream().map(DecisionJson::write).toList(),
                feedbackFirst.stream().map(DecisionJson::write).toList());
        Decision probe = feedbackFirst.get(1);
        assertEquals(1, probe.policyVersion());

        BidPolicy policy = CONFIG.policy();
        PolicyState expected = policy.newState();
        policy.applyRewards(
                expected,
                List.of(PendingRequest.of(feedbackFirst.get(0), true, true).played()),
                new double[] {0.575},
                0);
        assertArrayEquals(
                policy.decide(slotOf(probe), expected, probe.context()).probabilities(),
                probe.probabilities(),
                1e-12);
    }

    /**
     * One request with its click and sale (the feedback first or last), then a probe request after
     * the update.
     */
    private static List<Decision> answersWithFeedback(boolean feedbackFirst) throws Exception {
        try (var harness = harness()) {
            if (!feedbackFirst) {
                harness.processElement(request("r1", T0 + 5), T0 + 5);
            }
            harness.processElement(sale("r1", T0 + 60_000, T0 + H, 2.0), T0 + 60_000);
            harness.processElement(click("r1", T0 + 60_000, 0.1), T0 + 60_000);
            if (feedbackFirst) {
                harness.processElement(request("r1", T0 + 5), T0 + 5);
            }
            harness.watermark(FINAL_R0);
            harness.processElement(request("probe", FINAL_R0 + 1), FINAL_R0 + 1);
            assertEquals(List.of(), unjoined(harness));
            return harness.extractOutputValues();
        }
    }

    private static DecisionSlot slotOf(Decision d) {
        return DecisionSlot.request(
                d.productId(),
                d.requestId(),
                d.round(),
                d.roundStart(),
                d.roundEnd(),
                d.decidedAt());
    }

    @Test
    void shouldSendFeedbackItCannotJoinToTheLateOutput() throws Exception {
        try (var harness = harness()) {
            harness.processElement(request("r1", T0 + 5), T0 + 5);
            // a click after the request's window: it counts for its round, not for the request
            harness.processElement(click("r1", FINAL_R0 + 1, 0.1), FINAL_R0 + 1);
            // a click that echoes no answered request
            harness.processElement(click("nobody", T0 + 2 * H, 0.1), T0 + 2 * H);
            assertEquals(
                    List.of(LateReason.AFTER_REQUEST_FINAL),
                    unjoined(harness).stream().map(LateEvent::reason).toList());
            harness.watermark(T0 + 5 * H - 1); // the round of the unmatched click is final
            assertEquals(
                    List.of(LateReason.AFTER_REQUEST_FINAL, LateReason.NO_OPEN_REQUEST),
                    unjoined(harness).stream().map(LateEvent::reason).toList());
            assertEquals("c-nobody", unjoined(harness).get(1).event().eventId());
            harness.watermark(Long.MAX_VALUE);
            assertEquals(0, harness.numEventTimeTimers());
        }
    }

    @Test
    void shouldAnswerARequestOnceThoughItIsSentTwice() throws Exception {
        try (var harness = harness()) {
            harness.processElement(request("r1", T0 + 5), T0 + 5);
            harness.processElement(request("r1", T0 + 5), T0 + 5);
            assertEquals(1, harness.extractOutputValues().size());
        }
    }

    @Test
    void shouldAnswerARequestTooOldToLearnFromButNotOpenIt() throws Exception {
        try (var harness = harness()) {
            harness.watermark(FINAL_R0);
            harness.processElement(request("old", T0 + 5), T0 + 5);
            assertEquals(1, harness.extractOutputValues().size());
            assertEquals(0, harness.numEventTimeTimers());
        }
    }

    @Test
    void shouldNotBidForAStoppedProductNorWaitForItsFeedback() throws Exception {
        try (var harness = harness()) {
            harness.processBroadcastElement(
                    PolicyBroadcast.of(
                            new ControlCommand(
                                    "k1", "a", ControlAction.STOP_BIDDING, "test", "sre", T0)),
                    T0);
            harness.processElement(request("r1", T0 + 5), T0 + 5);
            Decision answer = harness.extractOutputValues().get(0);
            assertEquals(DecisionMode.STOPPED, answer.mode());
            assertEquals(-1, answer.arm());
            assertEquals(0, harness.numEventTimeTimers());
        }
    }

    @Test
    void shouldBidTheBestOnceExploringRequestsHaveHadTheirShareOfTheDaysClicks() throws Exception {
        JobConfig capped =
                JobConfig.parse(
                        TestingJobs.REQUESTS_JOB + "guardrails:\n  explorationShare: 0.5\n");
        try (var harness = PolicyOperatorTest.harness(capped)) {
            harness.processElement(request("r1", T0 + 5), T0 + 5);
            Decision first = harness.extractOutputValues().get(0);
            // a fresh LinUCB's best is the lowest bid (every estimate 0): this request explores
            assertEquals(DecisionMode.LEARNED, first.mode());
            assertTrue(first.arm() != 0, "seed 7 draws arm " + first.arm());
            harness.processElement(request("r2", T0 + 10), T0 + 10);
            assertEquals(DecisionMode.LEARNED, harness.extractOutputValues().get(1).mode());
            // its click is all of today's spend: exploration has had its share
            harness.processElement(click("r1", T0 + 60_000, 0.1), T0 + 60_000);
            harness.processElement(request("r3", T0 + 70_000), T0 + 70_000);
            Decision third = harness.extractOutputValues().get(2);
            assertEquals(DecisionMode.EXPLOITING, third.mode());
            assertEquals(0, third.arm());
            assertEquals(List.of(Guardrail.EXPLORATION_CAP), List.of(third.guardrails()));
        }
    }
}
