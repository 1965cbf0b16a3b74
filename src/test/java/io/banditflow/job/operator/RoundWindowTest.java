package io.banditflow.job.operator;

import static io.banditflow.testing.TestTime.H;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.reward.RoundOutcome;
import io.banditflow.core.reward.RoundTally;
import io.banditflow.core.round.RoundClock;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.operators.windowing.WindowOperatorBuilder;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The round window as the topology configures it (tumbling rounds, lateness = attribution window,
 * {@link FireAtEndAndWhenFinal}), driven by hand: it reports the round's traffic when the round
 * ends, its outcome once, when final, counting conversions that come late but within the window,
 * sends later ones to the late output, and leaves no state behind.
 */
class RoundWindowTest {
    private static final RoundClock CLOCK =
            new RoundClock(Duration.ofHours(1), 2, Duration.ofHours(2), Duration.ZERO);

    private static KeyedOneInputStreamOperatorTestHarness<String, FeedbackEvent, RoundOutcome>
            harness() throws Exception {
        return opened(CLOCK);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, FeedbackEvent, RoundOutcome>
            unopened(RoundClock clock) throws Exception {
        WindowOperatorBuilder<FeedbackEvent, String, TimeWindow> builder =
                new WindowOperatorBuilder<>(
                        TumblingEventTimeWindows.of(Duration.ofHours(1)),
                        new FireAtEndAndWhenFinal(clock.attributionMillis()),
                        new ExecutionConfig(),
                        TypeInformation.of(FeedbackEvent.class),
                        FeedbackEvent::productId,
                        Types.STRING);
        builder.allowedLateness(Duration.ofMillis(clock.attributionMillis()));
        builder.sideOutputLateData(SideOutputs.AFTER_ROUND_FINAL);
        OneInputStreamOperator<FeedbackEvent, RoundOutcome> operator =
                builder.aggregate(
                        new RoundTallies.Aggregate(),
                        new RoundTallies.ToOutcome(clock),
                        TypeInformation.of(RoundTally.class));
        return new KeyedOneInputStreamOperatorTestHarness<>(
                operator, FeedbackEvent::productId, Types.STRING);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, FeedbackEvent, RoundOutcome>
            opened(RoundClock clock) throws Exception {
        var harness = unopened(clock);
        harness.open();
        return harness;
    }

    private static StreamRecord<FeedbackEvent> at(FeedbackEvent event) {
        return new StreamRecord<>(event, event.attributionTime());
    }

    @Test
    void shouldFireOnceWhenFinalCountingLateConversionsWithinWindow() throws Exception {
        try (var harness = harness()) {
            harness.processElement(at(FeedbackEvent.impression("i", "p", 10 * H + 5, 0.1, null)));
            harness.processElement(at(FeedbackEvent.click("c", "p", 10 * H + 6, 0.2, null)));
            harness.processWatermark(new Watermark(11 * H)); // round 10 ended: not final yet
            assertTrue(harness.extractOutputValues().isEmpty());
            assertEquals(
                    List.of(new RoundOutcome("p", 10, 1, 1, 0.2, 0, 0, 0, 0, 0.1)),
                    harness.getSideOutput(SideOutputs.ROUND_END_OUTCOMES).stream()
                            .map(StreamRecord::getValue)
                            .toList());
            // a conversion 1.5 h after its click, arriving after the round ended: still counts
            harness.processElement(
                    at(
                            FeedbackEvent.conversion(
                                    "v", "p", 11 * H + 1_800_000, 10 * H + 6, 4.0, null)));
            harness.processWatermark(new Watermark(13 * H - 2));
            assertTrue(harness.extractOutputValues().isEmpty());
            harness.processWatermark(new Watermark(13 * H - 1)); // end - 1 + lateness: final
            // with the conversion's delay from its click, for the population's delay model
            assertEquals(
                    List.of(
                            new RoundOutcome(
                                    "p",
                                    10,
                                    1,
                                    1,
                                    0.2,
                                    1,
                                    4.0,
                                    0,
                                    0,
                                    0.1,
                                    new long[] {H + 1_800_000 - 6})),
                    harness.extractOutputValues());
            assertEquals(0, harness.numKeyedStateEntries());
            assertEquals(0, harness.numEventTimeTimers());

            // arriving after the round was final: late output, and no second firing
            FeedbackEvent tooLate =
                    FeedbackEvent.conversion("w", "p", 13 * H, 10 * H + 7, 9.0, null);
            harness.processElement(at(tooLate));
            harness.processWatermark(new Watermark(20 * H));
            assertEquals(1, harness.extractOutputValues().size());
            assertEquals(1, harness.getSideOutput(SideOutputs.ROUND_END_OUTCOMES).size());
            assertEquals(
                    List.of(tooLate),
                    harness.getSideOutput(SideOutputs.AFTER_ROUND_FINAL).stream()
                            .map(StreamRecord::getValue)
                            .toList());
        }
    }

    @Test
    void shouldKeepTwoTimersPerOpenRoundWhateverItsTraffic() throws Exception {
        try (var harness = harness()) {
            for (int i = 0; i < 5; i++) {
                harness.processElement(
                        at(FeedbackEvent.impression("i" + i, "p", 10 * H + i, 0.1, null)));
            }
            // the round's end and its final instant (the window operator's clean-up)
            assertEquals(2, harness.numEventTimeTimers());
            harness.processElement(at(FeedbackEvent.impression("j", "p", 11 * H, 0.1, null)));
            assertEquals(4, harness.numEventTimeTimers());
        }
    }

    @Test
    void shouldFireOnceToBothOutputsWithoutAttributionWindow() throws Exception {
        RoundClock noAttribution =
                new RoundClock(Duration.ofHours(1), 2, Duration.ZERO, Duration.ZERO);
        try (var harness = opened(noAttribution)) {
            harness.processElement(at(FeedbackEvent.impression("i", "p", 10 * H + 5, 0.1, null)));
            harness.processElement(at(FeedbackEvent.click("c", "p", 10 * H + 6, 0.2, null)));
            assertEquals(1, harness.numEventTimeTimers());
            harness.processWatermark(new Watermark(11 * H - 1));
            RoundOutcome outcome = new RoundOutcome("p", 10, 1, 1, 0.2, 0, 0, 0, 0, 0.1);
            assertEquals(List.of(outcome), harness.extractOutputValues());
            assertEquals(
                    List.of(outcome),
                    harness.getSideOutput(SideOutputs.ROUND_END_OUTCOMES).stream()
                            .map(StreamRecord::getValue)
                            .toList());
            assertEquals(0, harness.numKeyedStateEntries());
            assertEquals(0, harness.numEventTimeTimers());
        }
    }

    /**
     * A restored window whose round had ended before the snapshot, sent an event of that round
     * before the restored job has a watermark: its round-end outcome is not reported again (before
     * the fix the trigger fired it a second time, on the main output as if final).
     */
    @Test
    void shouldReportTheRoundEndOnceAcrossARestore() throws Exception {
        org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot;
        try (var harness = harness()) {
            harness.processElement(at(FeedbackEvent.impression("i", "p", 10 * H + 5, 0.1, null)));
            harness.processWatermark(new Watermark(11 * H));
            assertEquals(1, harness.getSideOutput(SideOutputs.ROUND_END_OUTCOMES).size());
            snapshot = harness.snapshot(1, 11 * H);
        }
        try (var restored = unopened(CLOCK)) {
            restored.initializeState(snapshot);
            restored.open();
            restored.processElement(at(FeedbackEvent.impression("j", "p", 10 * H + 9, 0.1, null)));
            restored.processWatermark(new Watermark(12 * H));
            assertEquals(null, restored.getSideOutput(SideOutputs.ROUND_END_OUTCOMES));
            assertTrue(restored.extractOutputValues().isEmpty());
            restored.processWatermark(new Watermark(13 * H - 1));
            assertEquals(
                    List.of(new RoundOutcome("p", 10, 2, 0, 0, 0, 0, 0, 0, 0.1)),
                    restored.extractOutputValues());
        }
    }
}
