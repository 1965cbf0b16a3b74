package io.banditflow.core.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.round.RoundClock;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Residuals against the reference's rounds at the same bid, by hand; and the monitor on them: a
 * product that moves its bid is not drift, a market that moves at the same bids is.
 */
class BidResidualsTest {
    private static final RoundClock CLOCK =
            new RoundClock(Duration.ofHours(3), 8, Duration.ofDays(2), Duration.ZERO);

    /**
     * At 0.10 the rounds 1, 2, …, 8; at 0.20 twice those; at 0.30 seven rounds, one short of a
     * model. 5.5 at 0.10 has five rounds below it: u = 5/8, residual +1/8; 4 at 0.20 has one below
     * and one equal: u = 1.5/8, residual −2.5/8; 7 at 0.30 is not judged; 100 at 0.10 is +½.
     */
    @Test
    void shouldRankEachValueAmongTheReferenceAtItsBid() {
        BidResiduals model = BidResiduals.fit(reference(), true);
        assertEquals(1.0 / 8, model.residual(5.5, 0.1), 1e-12);
        assertEquals(-2.5 / 8, model.residual(4, 0.2), 1e-12);
        assertEquals(0.5, model.residual(100, 0.1), 1e-12);
        assertTrue(Double.isNaN(model.residual(7, 0.3)));
        assertArrayEquals(
                new double[] {1.0 / 8, -2.5 / 8},
                model.residuals(
                        new BidValues(new double[] {5.5, 7, 4}, new double[] {0.1, 0.3, 0.2})),
                1e-12);
    }

    /** Rounds r = 1…8 at 0.10, 2r at 0.20, and seven rounds of 4 at 0.30. */
    private static BidValues reference() {
        double[] values = new double[23];
        double[] bids = new double[23];
        for (int r = 1; r <= 8; r++) {
            values[r - 1] = r;
            bids[r - 1] = 0.1;
            values[7 + r] = 2 * r;
            bids[7 + r] = 0.2;
        }
        for (int i = 16; i < 23; i++) {
            values[i] = 4;
            bids[i] = 0.3;
        }
        return new BidValues(values, bids);
    }

    /**
     * Without bids (or for a metric the bid does not move) one group of all 23 rounds: 4 has four
     * rounds below it (1, 2, 3 at 0.10, 2 at 0.20) and nine equal (4 at 0.10, 4 at 0.20, seven at
     * 0.30): u = 8.5/23.
     */
    @Test
    void shouldRankAmongAllRoundsWhenTheBidDoesNotMatter() {
        BidResiduals model = BidResiduals.fit(reference(), false);
        assertEquals(8.5 / 23 - 0.5, model.residual(4, 0.3), 1e-12);
        assertEquals(8.5 / 23 - 0.5, model.residual(4, Double.NaN), 1e-12);
    }

    /**
     * A product whose cost per click is 0.6 of its bid, switching every day between 0.10 and 0.20
     * for 40 days after 15 at 0.10: its raw CPC doubles at every switch, its residuals do not move,
     * and the monitor stays quiet; the same product when competitors push its CPC up 40% at the
     * same bids from day 40: the monitor falls back within a day.
     */
    @Test
    void shouldAlarmOnTheMarketMovingButNotOnTheBidMoving() throws Exception {
        assertEquals(-1, firstBreach(Long.MAX_VALUE));
        long shift = 40 * 8;
        long breach = firstBreach(shift);
        assertTrue(breach >= shift && breach < shift + 8, "breach in round " + breach);
    }

    private static long firstBreach(long shiftRound) throws Exception {
        DriftMonitor monitor =
                new DriftMonitor(
                        "job",
                        new DriftDetector(new DriftPolicy(0.25, 0.001, 0.15, 8, 100, 8)),
                        new DriftWindows(112, 8),
                        CLOCK);
        DriftSeries series = DriftSeries.empty();
        DriftState state = DriftState.startingAt(0);
        SplittableRandom random = new SplittableRandom(3);
        for (long round = 0; round < 55 * 8; round++) {
            double bid = round < 15 * 8 || (round / 8) % 2 == 0 ? 0.10 : 0.20;
            double cpc =
                    0.6 * bid * (round >= shiftRound ? 1.4 : 1) * (1 + 0.1 * random.nextGaussian());
            series.add(DriftMetric.CPC, round, cpc, bid);
            DriftMonitor.Result result =
                    monitor.evaluate(
                            DriftScope.PRODUCT,
                            "p",
                            DriftMetric.Stage.ROUND_END,
                            round,
                            state,
                            series::values);
            if (result.signals().stream().anyMatch(s -> s.action() == DriftAction.FALLBACK)) {
                return round;
            }
        }
        return -1;
    }
}
