package io.banditflow.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.round.RoundClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Each scenario changes one thing of the same seeded marketplace, and only in its own way. */
class SimulationScenarioTest {
    private static final RoundClock CLOCK =
            new RoundClock(Duration.ofHours(3), 8, Duration.ofDays(2), Duration.ZERO);
    private static final int DAYS = 28;
    private static final long FIRST = 161_000;
    private static final long HALF = FIRST + 14 * 8;

    private static MarketScenario market(SimulationScenario scenario) {
        return scenario.market(20, 3, CLOCK, FIRST, DAYS);
    }

    private static double competitorMedianOfShoes(MarketScenario market, long round) {
        SimProduct shoes = market.products().get(0);
        assertEquals("shoes", shoes.category());
        return market.competitorMedian(shoes, round);
    }

    @Test
    void shouldShiftAtOnceHalfwayOrGraduallyOrNotAtAll() {
        MarketScenario stationary = market(SimulationScenario.STATIONARY);
        MarketScenario shift = market(SimulationScenario.SHIFT);
        MarketScenario drift = market(SimulationScenario.DRIFT);
        double before = competitorMedianOfShoes(stationary, HALF - 1);
        assertEquals(before, competitorMedianOfShoes(stationary, FIRST + DAYS * 8 - 1), 1e-12);
        assertEquals(before, competitorMedianOfShoes(shift, HALF - 1), 1e-12);
        assertEquals(1.6 * before, competitorMedianOfShoes(shift, HALF), 1e-9);
        double rampingUp = competitorMedianOfShoes(drift, HALF + 3 * 8);
        assertTrue(before < rampingUp && rampingUp < 1.6 * before, "drifting: " + rampingUp);
        assertEquals(1.6 * before, competitorMedianOfShoes(drift, HALF + 7 * 8), 1e-9);
    }

    @Test
    void shouldPlayTheBudgetScenarioOnTheStationaryMarket() {
        MarketScenario stationary = market(SimulationScenario.STATIONARY);
        MarketScenario budget = market(SimulationScenario.BUDGET);
        assertEquals(stationary.products(), budget.products());
        assertEquals(
                competitorMedianOfShoes(stationary, FIRST + DAYS * 8 - 1),
                competitorMedianOfShoes(budget, FIRST + DAYS * 8 - 1),
                0);
    }

    /**
     * Upmarket and downmarket scale every price of the stationary market, nothing else: value per
     * click and the competitors' bids twice and half as high, the traffic and rates as they are.
     */
    @Test
    void shouldScaleEveryPriceUpmarketAndDownmarket() {
        MarketScenario stationary = market(SimulationScenario.STATIONARY);
        for (SimulationScenario scenario :
                new SimulationScenario[] {
                    SimulationScenario.UPMARKET, SimulationScenario.DOWNMARKET
                }) {
            double factor = scenario == SimulationScenario.UPMARKET ? 2 : 0.5;
            MarketScenario scaled = market(scenario);
            for (int i = 0; i < stationary.products().size(); i++) {
                SimProduct before = stationary.products().get(i);
                SimProduct after = scaled.products().get(i);
                assertEquals(factor * before.valuePerClick(), after.valuePerClick(), 1e-12);
                assertEquals(factor * before.competitorMedian(), after.competitorMedian(), 1e-12);
                assertEquals(before.withPrices(factor), after);
            }
            assertEquals(stationary.shifts(), scaled.shifts());
        }
    }

    @Test
    void shouldKeepTheEconomicsOfASparseMarketAndThinOutTheTail() {
        MarketScenario stationary = market(SimulationScenario.STATIONARY);
        MarketScenario sparse = market(SimulationScenario.SPARSE);
        MarketScenario tail = market(SimulationScenario.TAIL);
        for (int i = 0; i < stationary.products().size(); i++) {
            SimProduct p = stationary.products().get(i);
            SimProduct s = sparse.products().get(i);
            assertEquals(p.valuePerClick(), s.valuePerClick(), 1e-12);
            assertEquals(p.conversionRate() / 5, s.conversionRate(), 1e-12);
            double traffic = tail.products().get(i).peakAuctions() / p.peakAuctions();
            assertEquals(i % 5 == 0 ? 1 : 0.1, traffic, 1e-12);
        }
        assertTrue(
                market(SimulationScenario.SEASONAL).periodConversionFactor()[7]
                        > stationary.periodConversionFactor()[7]);
    }
}
