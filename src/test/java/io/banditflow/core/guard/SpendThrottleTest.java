package io.banditflow.core.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.banditflow.core.round.RoundClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The throttle's share against hand computations: rounds of 6 h (four a day), decided 10 min before
 * they start, so the round before the decided one is under way; day 20,000 is rounds 80,000 to
 * 80,003.
 */
class SpendThrottleTest {
    private static final RoundClock CLOCK =
            new RoundClock(Duration.ofHours(6), 4, Duration.ofHours(12), Duration.ofMinutes(10));
    private static final long FIRST = 80_000;

    private static double shareOf(double cap, Map<Long, Double> spends, long round) {
        return new SpendThrottle(CLOCK, cap).bidShare(spends, round, CLOCK.decisionTime(round));
    }

    @Test
    void shouldLetEveryProductBidWhileTheBudgetLeftPaysForTheRoundsAhead() {
        Map<Long, Double> spends =
                Map.of(FIRST - 2, 20.0, FIRST - 1, 20.0, FIRST, 20.0, FIRST + 1, 30.0);
        // the third round: 20 known today, the second under way at 20 (the latest known): 60 left
        assertEquals(1, shareOf(100, spends, FIRST + 2), 0);
        // the last: 50 known, the third under way at 30 (the latest known), 20 left of 30
        assertEquals(20.0 / 30, shareOf(100, spends, FIRST + 3), 1e-12);
    }

    @Test
    void shouldCountARoundUnderWayAtTheShareItWasGiven() {
        Map<Long, Double> spends =
                Map.of(FIRST - 2, 20.0, FIRST - 1, 20.0, FIRST, 40.0, FIRST + 1, 30.0);
        // the third round: 40 known, the second under way at 40: 20 left of 40
        assertEquals(0.5, shareOf(100, spends, FIRST + 2), 1e-12);
        // the last: 70 known, the third under way at half of 30: 15 left of 30
        assertEquals(0.5, shareOf(100, spends, FIRST + 3), 1e-12);
    }

    @Test
    void shouldForecastFromTheLatestRoundNobodyWasThrottledIn() {
        Map<Long, Double> spends =
                Map.of(FIRST - 2, 50.0, FIRST - 1, 50.0, FIRST, 50.0, FIRST + 1, 24.0);
        // the second round: nothing known today, the first under way at 50: 30 left of 50
        assertEquals(0.6, shareOf(80, spends, FIRST + 1), 1e-12);
        // the third: 50 known, the second under way at 0.6 of 50: nothing left
        assertEquals(0, shareOf(80, spends, FIRST + 2), 0);
        // the last: 74 known, the third under way at 0; the forecast is the first round's 50,
        // not the throttled second's 24
        assertEquals(6.0 / 50, shareOf(80, spends, FIRST + 3), 1e-12);
    }

    @Test
    void shouldForecastARisingRoundFromTheSamePeriodADayBefore() {
        Map<Long, Double> spends =
                Map.of(
                        FIRST - 4, 5.0, FIRST - 3, 5.0, FIRST - 2, 40.0, FIRST - 1, 40.0, FIRST,
                        5.0, FIRST + 1, 5.0);
        // the last: 10 known, the third under way at 40 (its period yesterday, not the latest
        // round's 5), 10 left of the last's 40
        assertEquals(0.25, shareOf(60, spends, FIRST + 3), 1e-12);
    }

    @Test
    void shouldStopAtTheCapAndNotThrottleWithoutOne() {
        Map<Long, Double> spends = Map.of(FIRST, 60.0, FIRST + 1, 50.0);
        assertEquals(0, shareOf(100, spends, FIRST + 3), 0, "110 known of 100");
        assertEquals(1, shareOf(Double.POSITIVE_INFINITY, spends, FIRST + 3), 0);
        assertEquals(1, shareOf(100, Map.of(), FIRST + 3), 0, "nothing to forecast from");
    }

    @Test
    void shouldLetAboutTheShareOfProductsBid() {
        int bidding = 0;
        int products = 20_000;
        for (int p = 0; p < products; p++) {
            if (SpendThrottle.bids("p" + p, FIRST + 3, 0.3)) {
                bidding++;
            }
        }
        // seeded: the same count every run; within 1.5 binomial standard deviations of 6,000
        assertEquals(0.3, bidding / (double) products, 0.005);
        for (int p = 0; p < 100; p++) {
            assertEquals(true, SpendThrottle.bids("p" + p, FIRST + 3, 1));
            assertEquals(false, SpendThrottle.bids("p" + p, FIRST + 3, 0));
        }
    }
}
