package io.banditflow.core.drift;

import static io.banditflow.testing.TestTime.H;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.round.RoundClock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * One product's monitor fed with per-round CTRs: quiet while they are stationary, a FALLBACK signal
 * naming metric, statistic and windows once they drop, RECOVER after clean evaluations in a row.
 */
class DriftMonitorTest {
    private static final RoundClock CLOCK =
            new RoundClock(Duration.ofHours(3), 8, Duration.ofDays(2), Duration.ZERO);
    private final DriftMonitor monitor =
            new DriftMonitor(
                    "job",
                    new DriftDetector(new DriftPolicy(0.25, 0.001, 0.2, 8, 100, 3)),
                    new DriftWindows(112, 8),
                    CLOCK);
    private final Map<Long, Double> ctr = new HashMap<>();

    private BidValues values(DriftMetric metric, long from, long to) {
        if (metric != DriftMetric.CTR) {
            return BidValues.of(new double[0]);
        }
        return BidValues.of(
                java.util.stream.LongStream.range(from, to)
                        .filter(ctr::containsKey)
                        .mapToDouble(ctr::get)
                        .toArray());
    }

    private List<DriftSignal> roundEnded(long round, DriftState state) throws Exception {
        return monitor.evaluate(
                        DriftScope.PRODUCT,
                        "p",
                        DriftMetric.Stage.ROUND_END,
                        round,
                        state,
                        this::values)
                .signals();
    }

    @Test
    void shouldSignalAShiftWithItsWindowsAndRecoverOnceTheReferenceHasCaughtUp() throws Exception {
        SplittableRandom rng = new SplittableRandom(5);
        DriftState state = new DriftState();
        long shift = 200;
        DriftSignal breach = null;
        DriftSignal recovery = null;
        for (long round = 0; round < 400; round++) {
            double mean = round < shift ? 0.10 : 0.05;
            ctr.put(round, mean * (1 + 0.1 * rng.nextGaussian()));
            for (DriftSignal s : roundEnded(round, state)) {
                if (s.action() == DriftAction.FALLBACK && breach == null) {
                    assertTrue(round >= shift, "false alarm in round " + round);
                    breach = s;
                } else if (s.action() == DriftAction.RECOVER && recovery == null) {
                    recovery = s;
                }
            }
        }
        assertTrue(breach != null);
        assertEquals("ks", breach.statistic());
        assertEquals(DriftMetric.CTR, breach.metric());
        long detected = CLOCK.roundOf(breach.effectiveTime());
        assertTrue(detected - shift < 8, "detected " + (detected - shift) + " rounds late");
        assertEquals(CLOCK.roundEnd(detected) - 1, breach.effectiveTime());
        assertEquals(CLOCK.roundEnd(detected), breach.currentEnd());
        assertEquals(breach.currentEnd() - 8 * 3 * H, breach.currentStart());
        assertEquals(breach.currentStart(), breach.referenceEnd());
        assertEquals(breach.referenceEnd() - 112 * 3 * H, breach.referenceStart());
        assertEquals(8, breach.currentSize());
        assertTrue(breach.pValue() < 0.001);
        // recovery once the reference holds enough of the new level: within its length
        assertTrue(recovery != null, "never recovered");
        long recovered = CLOCK.roundOf(recovery.effectiveTime());
        assertTrue(recovered > detected && recovered < shift + 120, "recovered " + recovered);
        assertEquals("clean-windows", recovery.statistic());
    }

    @Test
    void shouldNotJudgeAThinCurrentWindow() throws Exception {
        for (long round = 0; round < 120; round++) {
            ctr.put(round, 0.1);
        }
        ctr.put(125L, 0.9); // a lone extreme round after a gap: 1 value in the current window
        DriftState state = new DriftState();
        assertEquals(List.of(), roundEnded(125, state));
        assertTrue(!state.inFallback);
    }
}
