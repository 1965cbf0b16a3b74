package io.banditflow.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.banditflow.core.event.EventType;
import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.testing.TestMarkets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each mechanism's closed-form expected spend is what its simulated clicks cost on average. */
class AuctionMechanismTest {

    @ParameterizedTest
    @EnumSource(AuctionMechanism.class)
    void shouldChargeWhatTheExpectedSpendSays(AuctionMechanism mechanism) {
        SimProduct product = new SimProduct("p", "shoes", 5.0, 0.04, 0.2, 2000, 0.12, 0.5);
        MarketScenario scenario = TestMarkets.stationary(List.of(product));
        MarketSimulator simulator = new MarketSimulator(scenario, 3, mechanism);
        double bid = 0.15;
        double expected = 0;
        double paid = 0;
        for (long r = TestMarkets.FIRST_ROUND; r < TestMarkets.FIRST_ROUND + 80; r++) {
            expected += simulator.expectedSpend(product, r, bid);
            for (FeedbackEvent e :
                    simulator.playRound(r, Map.of("p", new MarketSimulator.Bid(bid, "d")))) {
                paid += e.type() == EventType.CLICK ? e.cost() : 0;
            }
        }
        // some 6,000 clicks: the mean cost per click is within about 1% of its expectation
        assertEquals(expected, paid, 0.03 * expected);
    }

    @ParameterizedTest
    @EnumSource(AuctionMechanism.class)
    void shouldNeverChargeMoreThanTheBid(AuctionMechanism mechanism) {
        for (double competing = 0.01; competing < 0.3; competing += 0.01) {
            double cost = mechanism.cost(0.3, competing);
            assertEquals(true, cost <= 0.3 && cost >= competing - 1e-12, mechanism + " " + cost);
        }
        assertEquals(mechanism, AuctionMechanism.of(mechanism.id()));
        assertThrows(IllegalArgumentException.class, () -> AuctionMechanism.of("vickrey"));
    }
}
