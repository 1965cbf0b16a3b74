package io.banditflow.job.operator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.banditflow.core.policy.BidPolicy;
import io.banditflow.core.policy.Decision;
import io.banditflow.core.policy.PolicyState;
import io.banditflow.core.reward.RoundOutcome;
import io.banditflow.job.config.JobConfig;
import io.banditflow.testing.TestingJobs;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * The policy operator driven by hand (rounds of 1 h, batches of 2, attribution 2 h, no lead,
 * inactivity 4 h): when it decides, what it learns from, and that it leaves no timers and no
 * per-round bookkeeping behind.
 */
class PolicyOperatorTest {
    private static final long H = 3_600_000L;
    private static final long R0 = 480_000;
    private static final long T0 = R0 * H;
    private static final JobConfig CONFIG = JobConfig.parse(TestingJobs.SMALL_JOB);

    private static KeyedBroadcastOperatorTestHarness<String, PolicyInput, TrafficTotal, Decision>
            harness() throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new PolicyOperator(CONFIG),
                PolicyInput::productId,
                Types.STRING,
                PolicyOperator.TRAFFIC);
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
            // last activity in R0 + 2; four rounds of silence allowed after it
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), rounds(harness.extractOutputValues()));
            assertEquals(0, harness.numEventTimeTimers());
            // what remains per product: the learner and its (pruned) activity log
            assertEquals(
                    2,
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
            harness.processBroadcastElement(new TrafficTotal(R0 + 1, 2), T0 + 2 * H - 1);
            harness.processElement(seen(T0 + 5), T0 + 5);
            harness.watermark(T0 + 4 * H);
            List<Decision> decisions = harness.extractOutputValues();
            assertEquals(List.of(1L, 2L, 3L, 4L), rounds(decisions));

            BidPolicy policy = CONFIG.policy();
            PolicyState expected = policy.newState();
            policy.applyBatch(
                    expected,
                    List.of(decisions.get(0).played()),
                    List.of(outcome),
                    new double[] {1.0},
                    0);
            assertEquals(1, decisions.get(3).policyVersion());
            assertArrayEquals(
                    policy.exp3().probabilities(expected.scores),
                    decisions.get(3).probabilities(),
                    1e-12);
        }
    }
}
