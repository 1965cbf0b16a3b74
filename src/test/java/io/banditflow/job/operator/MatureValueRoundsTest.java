package io.banditflow.job.operator;

import static io.banditflow.testing.TestTime.H;
import static org.assertj.core.api.Assertions.assertThat;

import io.banditflow.core.event.CatalogEntry;
import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.event.ProductStatus;
import io.banditflow.core.landscape.ValueEvidence;
import io.banditflow.core.reward.RoundOutcome;
import io.banditflow.core.round.RoundClock;
import io.banditflow.job.operator.policy.PolicyInput;
import io.banditflow.testing.TestMarkets;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * A round's value evidence at its batch's mature time: its clicks at its end and the sales that
 * happened by then, whatever order they came in, under the category the catalog gave the product
 * when the round started; a sale after the maturity, or one that arrives once it has passed, waits
 * for the final round.
 */
class MatureValueRoundsTest {
    /** Three-hour rounds, daily batches, a thirty-day window, maturing after two days. */
    private static final RoundClock CLOCK = TestMarkets.monthWindow(Duration.ofDays(2));

    private static final long ROUND = 20_000 * 8 + 2; // day 20,000, 06:00–09:00

    @Test
    void shouldSendTheRoundsClicksAndTheSalesByItsBatchsMaturity() throws Exception {
        long start = CLOCK.roundStart(ROUND);
        long mature = CLOCK.batchMatureTime(CLOCK.batchOf(ROUND));
        try (var harness = harness()) {
            harness.processElement(catalog("toys", start - 5 * H), start - 5 * H);
            harness.processElement(catalog("games", start + H), start + H); // after the start
            // a sale before the round's end arrives first; then the round's end, then two more
            harness.processElement(conversion("c1", start + 2 * H, 30), start + H);
            harness.processElement(roundEnd(12), start + 3 * H - 1);
            harness.processElement(conversion("c2", mature, 20), start + H);
            harness.processElement(conversion("c3", mature + 1, 50), start + H); // after it
            harness.processWatermark(mature - 1);
            assertThat(harness.extractOutputValues()).isEmpty();

            harness.processWatermark(mature);
            harness.processElement(conversion("c4", mature - H, 70), start + H); // late for it

            assertThat(harness.extractOutputValues())
                    .containsExactly(
                            new ValueRound(
                                    ValueEvidence.poolKey("toys", "p"),
                                    "p",
                                    ROUND,
                                    12,
                                    2,
                                    50,
                                    null,
                                    true));
            assertThat(harness.numKeyedStateEntries()).isEqualTo(1); // the catalog, no round
        }
    }

    @Test
    void shouldSendNothingForARoundWithoutClicks() throws Exception {
        long start = CLOCK.roundStart(ROUND);
        try (var harness = harness()) {
            harness.processElement(roundEnd(0), start + 3 * H - 1);
            harness.processElement(conversion("c1", start + 4 * H, 30), start + H);
            harness.processWatermark(CLOCK.batchMatureTime(CLOCK.batchOf(ROUND)));

            assertThat(harness.extractOutputValues()).isEmpty();
            assertThat(harness.numKeyedStateEntries()).isZero();
        }
    }

    /**
     * A restore with a longer maturity: the round's timer is at the old mature time, where it is
     * not mature any more; it waits for the new one and is sent then, not left behind.
     */
    @Test
    void shouldSendARoundLeftBehindByARestoreWithAnotherMaturity() throws Exception {
        long start = CLOCK.roundStart(ROUND);
        RoundClock longer = TestMarkets.monthWindow(Duration.ofDays(3));
        OperatorSubtaskState snapshot;
        try (var harness = harness()) {
            harness.processElement(roundEnd(12), start + 3 * H - 1);
            harness.processElement(conversion("c1", start + 4 * H, 30), start + H);
            snapshot = harness.snapshot(1, 1);
        }
        try (var harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new MatureValueRounds(longer)),
                        PolicyInput::productId,
                        Types.STRING)) {
            harness.initializeState(snapshot);
            harness.open();
            harness.processWatermark(CLOCK.batchMatureTime(CLOCK.batchOf(ROUND)));
            assertThat(harness.extractOutputValues()).isEmpty();
            harness.processWatermark(longer.batchMatureTime(longer.batchOf(ROUND)));

            assertThat(harness.extractOutputValues())
                    .containsExactly(
                            new ValueRound(
                                    ValueEvidence.poolKey(null, "p"),
                                    "p",
                                    ROUND,
                                    12,
                                    1,
                                    30,
                                    null,
                                    true));
            assertThat(harness.numKeyedStateEntries()).isZero();
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, PolicyInput, ValueRound> harness()
            throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new MatureValueRounds(CLOCK), PolicyInput::productId, Types.STRING);
    }

    /** {@link #ROUND}'s end with {@code clicks} clicks of 400 impressions. */
    private static PolicyInput roundEnd(long clicks) {
        return PolicyInput.atRoundEnd(
                new RoundOutcome("p", ROUND, 400, clicks, 0.25 * clicks, 0, 0));
    }

    private static PolicyInput catalog(String category, long time) {
        return PolicyInput.of(
                new CatalogEntry("p", category, null, 0.1, ProductStatus.ACTIVE, time));
    }

    private static PolicyInput conversion(String id, long time, double value) {
        return PolicyInput.conversion(
                FeedbackEvent.conversion(id, "p", time, CLOCK.roundStart(ROUND) + H, value, null));
    }
}
