package io.banditflow.job.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.banditflow.core.reward.RoundOutcome;
import io.banditflow.core.round.RoundClock;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * Global impressions per round: summed over products and emitted once, when the round is final (of
 * final outcomes) or when it ends (of the outcomes at round end), timestamped then so that they
 * reach the policy before its clock passes that instant.
 */
class GlobalTrafficTest {
    private static final RoundClock CLOCK =
            new RoundClock(Duration.ofHours(6), 4, Duration.ofHours(12), Duration.ZERO);
    private static final long R0 = 40_000;

    @Test
    void shouldEmitARoundsTotalAtItsEnd() throws Exception {
        List<StreamRecord<? extends TrafficTotal>> totals = totals(true, CLOCK.roundEnd(R0) - 1);
        assertEquals(1, totals.size());
        assertEquals(new TrafficTotal(R0, 30), totals.get(0).getValue());
        assertEquals(CLOCK.roundEnd(R0) - 1, totals.get(0).getTimestamp());
    }

    @Test
    void shouldEmitARoundsTotalWhenFinalNotBefore() throws Exception {
        assertEquals(List.of(), totals(false, CLOCK.roundFinalTime(R0) - 1));
        List<StreamRecord<? extends TrafficTotal>> totals = totals(false, CLOCK.roundFinalTime(R0));
        assertEquals(1, totals.size());
        assertEquals(new TrafficTotal(R0, 30), totals.get(0).getValue());
        assertEquals(CLOCK.roundFinalTime(R0), totals.get(0).getTimestamp());
    }

    /** Two products' outcomes of round R0 (10 and 20 impressions), then the watermark. */
    private static List<StreamRecord<? extends TrafficTotal>> totals(
            boolean atRoundEnd, long watermark) throws Exception {
        try (var harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new GlobalTraffic(CLOCK, atRoundEnd), (RoundOutcome o) -> 0, Types.INT)) {
            long time = CLOCK.roundEnd(R0) - 1;
            harness.processElement(new RoundOutcome("a", R0, 10, 2, 1.0, 0, 0), time);
            harness.processElement(new RoundOutcome("b", R0, 20, 3, 2.0, 0, 0), time);
            harness.processWatermark(watermark);
            return harness.extractOutputStreamRecords();
        }
    }
}
