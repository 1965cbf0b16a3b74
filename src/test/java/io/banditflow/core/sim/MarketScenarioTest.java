package io.banditflow.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.round.RoundClock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarketScenarioTest {
    private static final RoundClock CLOCK =
            new RoundClock(Duration.ofHours(3), 8, Duration.ofDays(2), Duration.ZERO);
    private static final SimProduct SHOE =
            new SimProduct("p", "shoes", 5, 0.04, 0.1, 50, 0.10, 0.5);
    private static final long FROM = 800;

    private static MarketScenario with(MarketShift shift) {
        return new MarketScenario(
                List.of(SHOE),
                MarketScenario.defaultTraffic(8),
                List.of(shift),
                10,
                1.1,
                0.3,
                CLOCK);
    }

    @Test
    void shouldApplyAnAbruptShiftInFullFromItsRound() {
        MarketScenario abrupt = with(MarketShift.competitorBids(FROM, "shoes", 1.6));
        assertEquals(0.10, abrupt.competitorMedian(SHOE, FROM - 1), 1e-12);
        assertEquals(0.16, abrupt.competitorMedian(SHOE, FROM), 1e-12);
    }

    @Test
    void shouldBringAGradualShiftInGeometricallyOverItsRamp() {
        MarketScenario gradual = with(MarketShift.competitorBids(FROM, "shoes", 1.6).gradually(3));
        assertEquals(0.10, gradual.competitorMedian(SHOE, FROM - 1), 1e-12);
        assertEquals(0.10 * Math.pow(1.6, 0.25), gradual.competitorMedian(SHOE, FROM), 1e-12);
        assertEquals(0.10 * Math.pow(1.6, 0.75), gradual.competitorMedian(SHOE, FROM + 2), 1e-12);
        assertEquals(0.16, gradual.competitorMedian(SHOE, FROM + 3), 1e-12);
        assertEquals(0.16, gradual.competitorMedian(SHOE, FROM + 300), 1e-12);
        // other categories are untouched
        SimProduct bag = new SimProduct("b", "bags", 5, 0.04, 0.1, 50, 0.10, 0.5);
        assertEquals(0.10, gradual.competitorMedian(bag, FROM + 3), 1e-12);
    }

    @Test
    void shouldMoveClickAndConversionRatesWithTheHourOnlyWhenAskedTo() {
        MarketScenario flat = with(MarketShift.competitorBids(FROM, "shoes", 1));
        MarketScenario daytime = flat.withDaytimeBehaviour();
        long midnight = 8 * 100; // period 0: 00:00–03:00 UTC
        long evening = midnight + 6; // period 6: 18:00–21:00 UTC
        long morning = midnight + 2; // period 2: 06:00–09:00 UTC
        for (long r = midnight; r < midnight + 8; r++) {
            assertEquals(0.1, flat.clickRate(SHOE, r), 1e-12);
            assertEquals(0.04, flat.conversionRate(SHOE, r), 1e-12);
        }
        assertTrue(daytime.clickRate(SHOE, evening) > 1.2 * daytime.clickRate(SHOE, morning));
        assertTrue(
                daytime.conversionRate(SHOE, evening)
                        > 1.5 * daytime.conversionRate(SHOE, morning));
        // the same day's average, spread differently over it
        assertEquals(1, Arrays.stream(daytime.periodClickFactor()).average().orElseThrow(), 1e-12);
        assertEquals(
                1, Arrays.stream(daytime.periodConversionFactor()).average().orElseThrow(), 1e-12);
    }
}
