package io.banditflow.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.bid.BidGrid;
import io.banditflow.core.landscape.OpenValue;
import io.banditflow.core.landscape.Population;
import io.banditflow.core.landscape.ValuePrior;
import io.banditflow.core.reward.RewardNormaliser;
import io.banditflow.core.reward.RoundOutcome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Value per click learned from the rounds inside the attribution window: they count as the same
 * sums would from final rounds, they replace what the open rounds showed before (a round that
 * became final is not counted twice), and each change is a new policy version.
 */
class ValueLandscapeOpenValueTest {
    private static final BidGrid GRID = BidGrid.sponsoredSearchDefault();
    private static final ValueLandscape LEARNER =
            ValueLandscape.of(
                    GRID, Map.of("prior.bid", 0.15, "discount", 1.0, "valueWhenOpen", 1.0));
    private static final BidPolicy POLICY =
            new BidPolicy("t", GRID, LEARNER, new RewardNormaliser(0.05, 0.95, -1, 5, 24, 112), 1);
    private static final ValuePrior POPULATION = new ValuePrior(2, 98, 50, 2);

    private static PolicyState afterFinal(long clicks, long conversions, double value) {
        PolicyState state = POLICY.newState();
        int arm = GRID.nearestArm(0.15);
        POLICY.applyBatch(
                state,
                List.of(new PlayedRound(1, arm, GRID.bid(arm), 1, "t/p/1", 0, 13)),
                List.of(new RoundOutcome("p", 1, 300, clicks, 0.1 * clicks, conversions, value)),
                new double[] {1},
                Population.of(POPULATION),
                10);
        return state;
    }

    @Test
    void openRoundsCountAsTheSameSumsOfFinalRounds() {
        PolicyState open = afterFinal(20, 1, 50);
        assertTrue(POLICY.applyOpen(open, new OpenValue(12.5, 2, 110), 20));
        PolicyState asFinal = afterFinal(20 + 12, 3, 160);
        asFinal.landscape.totalClicks += 0.5;

        // (2 + 3) / (100 + 32.5) sales per click at 160 / 3 ≈ 53.3 per sale, shrunk to 50 by 2
        double expected = POPULATION.valuePerClick(32.5, 3, 160);
        assertEquals(expected, LEARNER.valuePerClick(open.landscape), 1e-12);
        assertEquals(expected, LEARNER.valuePerClick(asFinal.landscape), 1e-12);
        assertEquals(
                LEARNER.beliefs(asFinal).get("valuePerClickHigh"),
                LEARNER.beliefs(open).get("valuePerClickHigh"),
                1e-12);
    }

    @Test
    void eachUpdateReplacesTheOpenSumsAndIsANewVersionOnlyWhenTheyChange() {
        PolicyState state = afterFinal(20, 1, 50);
        double finalOnly = LEARNER.valuePerClick(state.landscape);
        long version = state.policyVersion;

        assertTrue(POLICY.applyOpen(state, new OpenValue(10, 1, 60), 20));
        assertEquals(version + 1, state.policyVersion);
        assertNull(state.landscape.policyWins, "the kept decision distribution is dropped");
        assertFalse(POLICY.applyOpen(state, new OpenValue(10, 1, 60), 21), "the same: no change");
        assertEquals(version + 1, state.policyVersion);

        assertTrue(POLICY.applyOpen(state, OpenValue.NONE, 22));
        assertEquals(finalOnly, LEARNER.valuePerClick(state.landscape), 0);
    }

    @Test
    void aLearnerThatWaitsForFinalRoundsIgnoresThem() {
        BidPolicy waiting =
                new BidPolicy(
                        "t",
                        GRID,
                        ValueLandscape.of(
                                GRID,
                                Map.of("prior.bid", 0.15, "discount", 1.0, "valueWhenOpen", 0.0)),
                        new RewardNormaliser(0.05, 0.95, -1, 5, 24, 112),
                        1);
        PolicyState state = waiting.newState();
        assertFalse(waiting.applyOpen(state, new OpenValue(10, 1, 60), 20));
        assertEquals(0, state.landscape.openClicks);
    }
}
