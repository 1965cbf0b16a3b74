package io.banditflow.core.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.bid.BidGrid;
import io.banditflow.core.reward.RewardNormaliser;
import io.banditflow.core.reward.RoundOutcome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A value-landscape decision's distribution is drawn by the first decision after the state changed
 * and kept for the next ones (each drawing its bid with its own seed) until an update, a recovery
 * or other bid bounds; the decision that draws it marks the state for the job to write back.
 */
class ValueLandscapeKeptPolicyTest {
    private static final BidGrid GRID = BidGrid.sponsoredSearchDefault();
    private static final ValueLandscape LEARNER =
            ValueLandscape.of(GRID, Map.of("prior.bid", 0.15, "valueWhenOpen", 0.0));
    private static final BidPolicy POLICY =
            new BidPolicy("t", GRID, LEARNER, new RewardNormaliser(0.05, 0.95, -1, 5, 24, 112), 1);

    /** Three rounds at bids 0.15–0.25: the landscape's range then spans several bids. */
    private static PolicyState learned() {
        PolicyState state = POLICY.newState();
        int start = GRID.nearestArm(0.15);
        List<PlayedRound> played =
                List.of(
                        new PlayedRound(1, start, GRID.bid(start), 1, "t/p/1", 0, 13),
                        new PlayedRound(2, start + 1, GRID.bid(start + 1), 1, "t/p/2", 0, 13),
                        new PlayedRound(3, start + 2, GRID.bid(start + 2), 1, "t/p/3", 0, 13));
        List<RoundOutcome> outcomes =
                List.of(
                        new RoundOutcome("p", 1, 100, 5, 0.5, 1, 6),
                        new RoundOutcome("p", 2, 140, 7, 0.9, 0, 0),
                        new RoundOutcome("p", 3, 170, 9, 1.4, 1, 6));
        POLICY.applyBatch(state, played, outcomes, new double[] {1, 1, 1}, 10);
        return state;
    }

    @Test
    void shouldKeepTheDistributionOfTheFirstDecisionUntilTheStateChanges() {
        PolicyState state = learned();
        assertNull(state.landscape.policy, "an update leaves no distribution");

        Learner.Choice first = LEARNER.choose(state, null, 0, GRID.size() - 1, 11);
        assertTrue(state.changedByDecision, "the decision that drew it has the state written");
        state.changedByDecision = false;
        assertTrue(countNonZero(first.probabilities()) > 1, "a spread to keep");
        for (long seed = 12; seed < 40; seed++) {
            Learner.Choice later = LEARNER.choose(state, null, 0, GRID.size() - 1, seed);
            assertArrayEquals(first.probabilities(), later.probabilities(), 0);
            assertEquals(first.probabilities()[later.arm()], later.propensity(), 0);
            assertFalse(state.changedByDecision);
        }
        // the same seed after the state changed draws anew: another stream of landscapes
        LEARNER.recover(state, RecoveryAction.KEEP, 1);
        assertNull(state.landscape.policy);
        Learner.Choice again = LEARNER.choose(state, null, 0, GRID.size() - 1, 11);
        assertArrayEquals(first.probabilities(), again.probabilities(), 0, "same seed, same draws");
        assertTrue(state.changedByDecision);
    }

    @Test
    void shouldDrawAnewForOtherBidBounds() {
        PolicyState state = learned();
        LEARNER.choose(state, null, 0, GRID.size() - 1, 11);
        int top = GRID.nearestArm(0.15);
        Learner.Choice bounded = LEARNER.choose(state, null, 0, top, 12);
        for (int arm = top + 1; arm < GRID.size(); arm++) {
            assertEquals(0, bounded.probabilities()[arm], "above the bound: " + arm);
        }
        assertNotNull(state.landscape.policyFor(state.landscape.policyFrom, top));
    }

    @Test
    void shouldKeepNoProfitHistoryForALearnerWithoutRewards() {
        assertNull(learned().profitHistory);
    }

    private static int countNonZero(double[] probabilities) {
        int n = 0;
        for (double p : probabilities) {
            n += p > 0 ? 1 : 0;
        }
        return n;
    }
}
