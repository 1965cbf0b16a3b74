package io.banditflow.core.round;

import static io.banditflow.testing.TestTime.H;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.testing.TestMarkets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RoundClockTest {
    private final RoundClock clock =
            new RoundClock(Duration.ofHours(3), 8, Duration.ofDays(2), Duration.ofMinutes(10));

    @Test
    void shouldPlaceRoundsAndPeriodsOfTheDay() {
        long day = 20_000;
        long t = day * 24 * H + 7 * H; // 07:00 UTC
        assertEquals(day * 8 + 2, clock.roundOf(t));
        assertEquals(2, clock.periodOfDay(clock.roundOf(t)));
        assertEquals(day, clock.batchOf(clock.roundOf(t)));
        assertEquals(-1, clock.roundOf(-1));
    }

    @Test
    void shouldMakeBatchFinalAfterLastRoundPlusAttribution() {
        long batch = 20_000;
        long expected = (batch + 1) * 24 * H + 48 * H - 1;
        assertEquals(expected, clock.batchFinalTime(batch));
        assertEquals(batch, clock.batchFinalAt(expected));
        assertEquals(-1, clock.batchFinalAt(expected - 1));
        assertEquals(-1, clock.batchFinalAt(clock.roundFinalTime(batch * 8 + 3)));
    }

    @Test
    void shouldEndABatchWithItsLastRoundsMaxTimestamp() {
        long batch = 20_000;
        long expected = (batch + 1) * 24 * H - 1;
        assertEquals(expected, clock.batchEndedTime(batch));
        assertEquals(batch, clock.batchEndedAt(expected));
        assertEquals(-1, clock.batchEndedAt(expected - 1));
        assertEquals(-1, clock.batchEndedAt(batch * 24 * H + 3 * H - 1)); // a round inside
        assertEquals(clock.batchFinalTime(batch) - 48 * H, clock.batchEndedTime(batch));
        // then the rounds of the two days before are not final yet, those before them are
        assertEquals((batch - 1) * 8, clock.dayOfFirstRoundNotFinalAt(expected));
        assertEquals(batch * 8, clock.dayOfFirstRoundNotFinalAt(expected + 24 * H));
        // at the batch's ended time its own day has ended, the next has not begun
        assertEquals((batch + 1) * 8, clock.dayOfFirstRoundNotEndedAt(clock.batchEndedTime(batch)));
        assertEquals(batch * 8, clock.dayOfFirstRoundNotEndedAt(clock.batchEndedTime(batch) - 1));
    }

    @Test
    void shouldMatureABatchItsMaturityAfterItsLastRoundEnded() {
        RoundClock month = TestMarkets.monthWindow(Duration.ofDays(2));
        long batch = 20_000;
        long expected = (batch + 1) * 24 * H - 1 + 48 * H;
        assertTrue(month.maturesBeforeFinal());
        assertEquals(expected, month.batchMatureTime(batch));
        assertEquals(batch, month.batchMatureAt(expected));
        assertEquals(-1, month.batchMatureAt(expected - 1));
        // daily batches: the day that ends then is the day two before it matures
        assertEquals(batch - 2, month.batchMatureAt(month.batchEndedTime(batch)));
        assertEquals(month.batchFinalTime(batch) - 28 * 24 * H, expected);
    }

    @Test
    void shouldMatureABatchWhenFinalWithoutAShorterMaturity() {
        long batch = 20_000;
        // the four-argument clock, and a maturity past the window (capped at it)
        RoundClock capped =
                new RoundClock(
                        Duration.ofHours(3),
                        8,
                        Duration.ofDays(2),
                        Duration.ZERO,
                        Duration.ofDays(9));
        for (RoundClock c : new RoundClock[] {clock, capped}) {
            assertFalse(c.maturesBeforeFinal());
            assertEquals(c.batchFinalTime(batch), c.batchMatureTime(batch));
            assertEquals(-1, c.batchMatureAt(c.batchFinalTime(batch)));
        }
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        new RoundClock(
                                Duration.ofHours(3),
                                8,
                                Duration.ofDays(2),
                                Duration.ZERO,
                                Duration.ofHours(-1)));
    }

    @Test
    void shouldScheduleFirstDecisionAfterTheEvent() {
        long roundStart = 5_000 * 3 * H;
        assertEquals(5_001, clock.firstDecisionRoundAfter(roundStart));
        // Within the lead before the next round, that round's decision time has passed.
        assertEquals(5_002, clock.firstDecisionRoundAfter(roundStart + 3 * H - 10 * 60_000));
        long t = roundStart + 3 * H - 10 * 60_000 - 1;
        assertEquals(5_001, clock.firstDecisionRoundAfter(t));
        assertEquals(t + 1, clock.decisionTime(5_001));
    }

    @Test
    void shouldRejectRoundsThatDoNotDivideADay() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new RoundClock(Duration.ofHours(5), 8, Duration.ofDays(2), Duration.ZERO));
    }
}
