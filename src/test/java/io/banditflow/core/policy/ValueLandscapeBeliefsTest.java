package io.banditflow.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.bid.BidGrid;
import io.banditflow.core.landscape.ValuePrior;
import io.banditflow.core.reward.RewardNormaliser;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the state tool shows of a value-landscape product, against a hand computation. */
class ValueLandscapeBeliefsTest {
    private static final BidGrid GRID = BidGrid.sponsoredSearchDefault();

    /**
     * Population Beta(2, 98), €50 a sale worth 2 of the product's own; the product's 100 clicks, 4
     * sales worth €200: rate (2 + 4) / 200 = 0.03 with sd √(0.03 · 0.97 / 201) = 0.012033, value
     * per sale (200 + 2 · 50) / (4 + 2) = 50, so v̂ = 1.5 in [(0.03 − 2 sd) · 50, (0.03 + 2 sd) ·
     * 50] = [0.2967, 2.7033]; the population's own value per click 0.02 · 50 = 1.
     */
    @Test
    void shouldShowValuePerClickWithItsInterval() {
        ValueLandscape learner =
                ValueLandscape.of(GRID, Map.of("prior.bid", 0.15, "valueWhenOpen", 0.0));
        BidPolicy policy =
                new BidPolicy(
                        "t", GRID, learner, new RewardNormaliser(0.05, 0.95, -1, 5, 24, 112), 1);
        PolicyState state = policy.newState();
        state.landscape.totalClicks = 100;
        state.landscape.conversions = 4;
        state.landscape.value = 200;
        state.landscape.keepPrior(new ValuePrior(2, 98, 50, 2));

        Map<String, Double> beliefs = learner.beliefs(state);
        double sd = Math.sqrt(0.03 * 0.97 / 201);
        assertEquals(1.5, beliefs.get("valuePerClick"), 1e-12);
        assertEquals((0.03 - 2 * sd) * 50, beliefs.get("valuePerClickLow"), 1e-12);
        assertEquals((0.03 + 2 * sd) * 50, beliefs.get("valuePerClickHigh"), 1e-12);
        assertEquals(1.0, beliefs.get("priorValuePerClick"), 1e-12);
        assertTrue(beliefs.keySet().stream().noneMatch(k -> k.startsWith("valuePerClickIn")));

        state.landscape.periodFactors = new double[] {0.5, 1.5};
        beliefs = learner.beliefs(state);
        assertEquals(0.75, beliefs.get("valuePerClickInPeriod0"), 1e-12);
        assertEquals(2.25, beliefs.get("valuePerClickInPeriod1"), 1e-12);
    }

    @Test
    void shouldBelieveNothingOfAStateItDoesNotHold() {
        ValueLandscape learner =
                ValueLandscape.of(GRID, Map.of("prior.bid", 0.15, "valueWhenOpen", 0.0));
        assertTrue(learner.beliefs(new PolicyState()).isEmpty());
    }
}
