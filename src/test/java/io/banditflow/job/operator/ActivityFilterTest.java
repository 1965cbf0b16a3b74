package io.banditflow.job.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.round.RoundClock;
import java.time.Duration;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * One activity per product and round, and another when an earlier event of the round arrives after
 * a later one: a click read before its impression must not start a product a round late.
 */
class ActivityFilterTest {
    private static final long MINUTE = 60_000L;
    private static final RoundClock CLOCK =
            new RoundClock(Duration.ofHours(3), 8, Duration.ofDays(2), Duration.ofMinutes(10));

    @Test
    void shouldSendTheEarliestEventOfARoundWhateverTheOrderTheyArriveIn() throws Exception {
        long roundStart = CLOCK.roundStart(1000);
        long impression = roundStart + 169 * MINUTE; // 10 s before the next round's decision
        long click = impression + 3 * MINUTE / 2; // after that decision time
        try (var harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new ActivityFilter(CLOCK))) {
            harness.processElement(FeedbackEvent.click("c", "p1", click, 0.1, null), click);
            harness.processElement(
                    FeedbackEvent.impression("i", "p1", impression, 0.1, null), impression);
            harness.processElement(
                    FeedbackEvent.impression("i2", "p1", impression + MINUTE, 0.1, null),
                    impression + MINUTE);
            long nextRound = CLOCK.roundStart(1001) + MINUTE;
            harness.processElement(
                    FeedbackEvent.impression("i3", "p1", nextRound, 0.1, null), nextRound);

            assertThat(harness.extractOutputValues())
                    .containsExactly(
                            new ProductActivity("p1", click),
                            new ProductActivity("p1", impression),
                            new ProductActivity("p1", nextRound));
            assertThat(CLOCK.firstDecisionRoundAfter(impression)).isEqualTo(1001);
            assertThat(CLOCK.firstDecisionRoundAfter(click)).isEqualTo(1002);
        }
    }
}
