package io.banditflow.job;

import static io.banditflow.testing.TestTime.H;
import static io.banditflow.testing.TestTime.M;
import static io.banditflow.testing.TestTime.R0;
import static io.banditflow.testing.TestTime.T0;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.banditflow.core.event.EventType;
import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.event.LateEvent;
import io.banditflow.core.event.LateReason;
import io.banditflow.core.event.RejectReason;
import io.banditflow.core.policy.BatchExp3;
import io.banditflow.core.policy.BidPolicy;
import io.banditflow.core.policy.Decision;
import io.banditflow.core.policy.DecisionJson;
import io.banditflow.core.policy.DecisionMode;
import io.banditflow.core.policy.PolicyState;
import io.banditflow.core.reward.RoundOutcome;
import io.banditflow.job.config.JobConfig;
import io.banditflow.testing.TestingJobs;
import io.banditflow.testing.TestingSinks;
import io.banditflow.testing.TestingSources;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole topology on a MiniCluster, with out-of-order events, conversions inside and outside the
 * attribution window, and malformed records. Rounds of 1 h, batches of 2 rounds, a 2 h attribution
 * window, 10 min out-of-orderness, 4 h inactivity timeout (see TestingJobs).
 */
class BanditflowTopologyITCase {
    @RegisterExtension static final MiniClusterExtension CLUSTER = TestingJobs.miniCluster();

    /** Midnight UTC, so round R0 is period 0 of the day and starts batch B0 = {R0, R0 + 1}. */
    private static final JobConfig CONFIG = JobConfig.parse(TestingJobs.SMALL_JOB);

    private static TestingSinks atOne;
    private static TestingSinks atTwo;

    static TestingSources input() {
        return new TestingSources()
                // impressions, 10 minutes out of order at most (the watermark bound)
                .add(FeedbackEvent.impression("a1", "a", T0 + 5 * M, 0.1, null))
                .raw(EventType.IMPRESSION, "{not json")
                .add(FeedbackEvent.impression("a2", "a", T0 + H + 20 * M, 0.1, null))
                .add(FeedbackEvent.impression("a3", "a", T0 + H + 10 * M, 0.1, null))
                .raw(
                        EventType.IMPRESSION,
                        "{\"eventId\":\"z\",\"productId\":\"a\",\"eventTime\":"
                                + (T0 + H + 30 * M)
                                + ",\"bid\":0.1,\"device\":\"FRIDGE\"}")
                .add(FeedbackEvent.impression("b1", "b", T0 + H + 40 * M, 0.1, null))
                .add(FeedbackEvent.impression("a4", "a", T0 + 3 * H + 30 * M, 0.1, null))
                // clicks
                .add(FeedbackEvent.click("ac1", "a", T0 + H + 25 * M, 0.30, null))
                .raw(
                        EventType.CLICK,
                        "{\"eventId\":\"y\",\"productId\":\"b\",\"eventTime\":"
                                + (T0 + H + 44 * M)
                                + ",\"cost\":-1}")
                .add(FeedbackEvent.click("bc1", "b", T0 + H + 45 * M, 0.10, null))
                // conversions: av1 arrives 1 h 15 min after its click (counted for R0 + 1);
                // av2 2 h 25 min after, beyond the 2 h attribution window
                .add(
                        FeedbackEvent.conversion(
                                "av1", "a", T0 + 2 * H + 40 * M, T0 + H + 25 * M, 4.0, null))
                .raw(
                        EventType.CONVERSION,
                        "{\"eventId\":\"x\",\"productId\":\"a\",\"eventTime\":"
                                + (T0 + 3 * H)
                                + ",\"value\":3}")
                .add(
                        FeedbackEvent.conversion(
                                "av2", "a", T0 + 3 * H + 50 * M, T0 + H + 25 * M, 9.0, null));
    }

    @BeforeAll
    static void runAtParallelismOneAndTwo() throws Exception {
        atOne = TestingJobs.run(CONFIG, input(), 1);
        atTwo = TestingJobs.run(CONFIG, input(), 2);
    }

    private static Map<String, List<Long>> roundsByProduct(List<Decision> decisions) {
        return decisions.stream()
                .collect(
                        Collectors.groupingBy(
                                Decision::productId,
                                TreeMap::new,
                                Collectors.mapping(d -> d.round() - R0, Collectors.toList())));
    }

    private static List<String> sortedJson(List<Decision> decisions) {
        return decisions.stream().map(DecisionJson::write).sorted().toList();
    }

    @Test
    void shouldDecideFromFirstActivityUntilInactive() {
        Map<String, List<Long>> rounds = roundsByProduct(atOne.decisions());
        rounds.values().forEach(list -> list.sort(Long::compare));
        // a: first seen in R0, last activity in R0 + 3 (a4), 4 rounds of inactivity allowed.
        // b: first seen in R0 + 1, nothing after it. Each gets a last decision (INACTIVE) in the
        // round its activity has run out, also once the bounded input has ended.
        assertEquals(
                Map.of(
                        "a", List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L),
                        "b", List.of(2L, 3L, 4L, 5L, 6L)),
                rounds);
        assertEquals(
                Map.of("a", 8L, "b", 6L),
                atOne.decisions().stream()
                        .filter(d -> d.mode() == DecisionMode.INACTIVE)
                        .collect(Collectors.toMap(Decision::productId, d -> d.round() - R0)));
    }

    @Test
    void shouldGiveIdenticalDecisionsAtParallelismOneAndTwo() {
        assertEquals(sortedJson(atOne.decisions()), sortedJson(atTwo.decisions()));
    }

    @Test
    void shouldSendEachMalformedRecordToDeadLettersWithReason() {
        Map<RejectReason, Long> reasons =
                atOne.deadLetters().stream()
                        .collect(
                                Collectors.groupingBy(
                                        d -> d.reason(), TreeMap::new, Collectors.counting()));
        assertEquals(
                Map.of(
                        RejectReason.MALFORMED_JSON, 1L,
                        RejectReason.UNKNOWN_ENUM, 1L,
                        RejectReason.INVALID_MONEY, 1L,
                        RejectReason.MISSING_FIELD, 1L),
                reasons);
        assertEquals(
                "{not json",
                atOne.deadLetters().stream()
                        .filter(d -> d.reason() == RejectReason.MALFORMED_JSON)
                        .findFirst()
                        .orElseThrow()
                        .payload());
    }

    @Test
    void shouldSendConversionOutsideAttributionWindowToLateOutput() {
        List<LateEvent> late = atOne.late();
        assertEquals(1, late.size());
        assertEquals(LateReason.OUTSIDE_ATTRIBUTION_WINDOW, late.get(0).reason());
        assertEquals("av2", late.get(0).event().eventId());
        assertEquals(atOne.late(), atTwo.late());
    }

    @Test
    void shouldLearnFromAttributedProfitWithLoggedPropensity() {
        List<Decision> a =
                atOne.decisions().stream()
                        .filter(d -> d.productId().equals("a"))
                        .sorted((x, y) -> Long.compare(x.round(), y.round()))
                        .toList();
        Decision first = a.get(0);
        assertEquals(0, first.policyVersion());
        assertEquals(0.25, first.propensity(), 1e-12);
        // Batch B0 (R0, R0 + 1) is final at R0 + 4 - 1 ms: the decision for R0 + 4 uses version 1.
        assertEquals(
                List.of(0L, 0L, 0L, 1L, 1L, 2L, 2L, 3L),
                a.stream().map(Decision::policyVersion).toList());

        // R0 + 1 for a: 2 impressions, 1 click at 0.30, av1 worth 4.0 (av2 is outside the window).
        // Global impressions: R0 (period 0) 1, R0 + 1 (period 1) 3, so c_1 = 1.
        BidPolicy policy = CONFIG.policy();
        PolicyState expected = policy.newState();
        policy.applyBatch(
                expected,
                List.of(policy.played(first)),
                List.of(new RoundOutcome("a", R0 + 1, 2, 1, 0.30, 1, 4.0)),
                new double[] {1.0},
                0);
        assertArrayEquals(
                ((BatchExp3) policy.learner()).probabilities(expected.scores),
                a.get(3).probabilities(),
                1e-12);
    }
}
