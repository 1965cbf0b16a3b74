package io.banditflow.job.operator;

import static io.banditflow.testing.TestTime.H;
import static io.banditflow.testing.TestTime.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.job.config.JobConfig;
import io.banditflow.testing.TestingJobs;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The round window's lateness, judged by the watermark the job had reached even across a restore
 * (rounds of 1 h, attribution 2 h: round r is final at the end of round r + 2).
 */
class FinalRoundGuardTest {
    private static final JobConfig CONFIG = JobConfig.parse(TestingJobs.SMALL_JOB);

    private static KeyedOneInputStreamOperatorTestHarness<String, FeedbackEvent, FeedbackEvent>
            harness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new FinalRoundGuard(CONFIG.clock()), FeedbackEvent::productId, Types.STRING);
    }

    private static StreamRecord<FeedbackEvent> impression(long time) {
        return new StreamRecord<>(FeedbackEvent.impression("e" + time, "a", time, 0.1, null), time);
    }

    private static List<Long> times(List<FeedbackEvent> events) {
        return events.stream().map(e -> (e.eventTime() - T0) / H).collect(Collectors.toList());
    }

    @Test
    void shouldSendEventsOfFinalRoundsToTheLateOutput() throws Exception {
        try (var harness = harness()) {
            harness.open();
            harness.processWatermark(T0 + 3 * H);
            harness.processElement(impression(T0)); // round 0: final at T0 + 3 H - 1
            harness.processElement(impression(T0 + H)); // round 1: final at T0 + 4 H - 1
            assertEquals(List.of(1L), times(harness.extractOutputValues()));
            assertEquals(
                    List.of(0L),
                    times(
                            harness.getSideOutput(SideOutputs.AFTER_ROUND_FINAL).stream()
                                    .map(StreamRecord::getValue)
                                    .toList()));
        }
    }

    @Test
    void shouldJudgeByTheWatermarkReachedBeforeARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var harness = harness()) {
            harness.open();
            harness.processWatermark(T0 + 5 * H);
            snapshot = harness.snapshot(1, T0 + 5 * H);
        }
        try (var restored = harness()) {
            restored.initializeState(snapshot);
            restored.open();
            // no watermark yet after the restore
            restored.processElement(impression(T0 + 2 * H)); // round 2: final at T0 + 5 H - 1
            restored.processElement(impression(T0 + 3 * H)); // round 3: not final yet
            assertEquals(List.of(3L), times(restored.extractOutputValues()));
            assertEquals(1, restored.getSideOutput(SideOutputs.AFTER_ROUND_FINAL).size());
        }
    }

    @Test
    void shouldTakeTheLatestWatermarkOfAnySubtaskAfterARescale() throws Exception {
        OperatorSubtaskState first;
        OperatorSubtaskState second;
        try (var a = harness();
                var b = harness()) {
            a.open();
            b.open();
            a.processWatermark(T0 + 5 * H);
            b.processWatermark(T0 + 4 * H);
            first = a.snapshot(1, 0);
            second = b.snapshot(1, 0);
        }
        try (var restored = harness()) {
            restored.initializeState(
                    org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness
                            .repackageState(first, second));
            restored.open();
            restored.processElement(impression(T0 + 2 * H));
            assertEquals(List.of(), restored.extractOutputValues());
        }
    }
}
