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
 * A value-landscape decision's distributions, one per period of the day, are drawn by the first
 * decision after the state changed and kept for the next ones (each drawing its bid with its own
 * seed) until an update, a recovery or other bid bounds; the decision that draws them marks the
 * state for the job to write back.
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
        assertNull(state.landscape.policyWins, "an update leaves no distribution");

        Learner.Choice first = choose(state, GRID.size() - 1, 11, 3);
        assertTrue(state.changedByDecision, "the decision that drew it has the state written");
        state.changedByDecision = false;
        assertTrue(countNonZero(first.probabilities()) > 1, "a spread to keep");
        for (long seed = 12; seed < 40; seed++) {
            Learner.Choice later = choose(state, GRID.size() - 1, seed, (int) seed % 8);
            assertArrayEquals(
                    first.probabilities(),
                    later.probabilities(),
                    0,
                    "no factors by period: every period keeps the day's distribution");
            assertEquals(first.probabilities()[later.arm()], later.propensity(), 0);
            assertFalse(state.changedByDecision);
        }
        // the same seed after the state changed draws anew: another stream of landscapes
        LEARNER.recover(state, RecoveryAction.KEEP, 1);
        assertNull(state.landscape.policyWins);
        Learner.Choice again = choose(state, GRID.size() - 1, 11, 3);
        assertArrayEquals(first.probabilities(), again.probabilities(), 0, "same seed, same draws");
        assertTrue(state.changedByDecision);
    }

    @Test
    void shouldDrawAnewForOtherBidBounds() {
        PolicyState state = learned();
        choose(state, GRID.size() - 1, 11, 0);
        int top = GRID.nearestArm(0.15);
        Learner.Choice bounded = choose(state, top, 12, 0);
        for (int arm = top + 1; arm < GRID.size(); arm++) {
            assertEquals(0, bounded.probabilities()[arm], "above the bound: " + arm);
        }
        assertNotNull(state.landscape.policyFor(state.landscape.policyFrom, top, 0, GRID.size()));
    }

    /**
     * With factors by period, one drawing keeps every period's distribution: a period whose clicks
     * are worth more bids no lower than one worth less, from the same landscape draws, and a
     * period's first decision after another's draws nothing new.
     */
    @Test
    void shouldKeepEveryPeriodsDistributionFromOneDrawing() {
        PolicyState state = learned();
        state.landscape.periodFactors = new double[] {0.5, 1, 1, 2.5};
        Learner.Choice low = choose(state, GRID.size() - 1, 11, 0);
        state.changedByDecision = false;
        Learner.Choice high = choose(state, GRID.size() - 1, 11, 3);
        Learner.Choice day = choose(state, GRID.size() - 1, 11, 1);
        assertFalse(state.changedByDecision, "the other periods were drawn with the first");
        assertArrayEquals(
                day.probabilities(), choose(state, GRID.size() - 1, 12, 2).probabilities(), 0);
        assertTrue(
                meanBid(low.probabilities()) < meanBid(day.probabilities())
                        && meanBid(day.probabilities()) < meanBid(high.probabilities()),
                "mean bids "
                        + meanBid(low.probabilities())
                        + " < "
                        + meanBid(day.probabilities())
                        + " < "
                        + meanBid(high.probabilities()));
        assertEquals(
                high.probabilities()[high.arm()], high.propensity(), 0, "the period's own share");
        // period 5 of a day of 8 after the factors of 4 were pooled: 5 mod 4, until they catch up
        assertArrayEquals(
                low.probabilities(), choose(state, GRID.size() - 1, 13, 4).probabilities(), 0);
    }

    /** The factors are the population's, not the product's evidence: a reset keeps them. */
    @Test
    void shouldKeepThePopulationsFactorsThroughAReset() {
        PolicyState state = learned();
        double[] factors = {0.5, 1, 1, 2.5};
        state.landscape.periodFactors = factors;
        LEARNER.recover(state, RecoveryAction.RESET, 0);
        assertEquals(0, state.landscape.totalClicks, "its own evidence is gone");
        assertArrayEquals(factors, state.landscape.periodFactors);
    }

    @Test
    void shouldDrawADecisionOfNoPeriodAtTheDaysValueWithoutKeepingIt() {
        PolicyState state = learned();
        state.landscape.periodFactors = new double[] {0.5, 1, 1, 2.5};
        Learner.Choice none = LEARNER.choose(state, null, 0, GRID.size() - 1, 11);
        assertNull(state.landscape.policyWins);
        assertFalse(state.changedByDecision);
        assertArrayEquals(
                choose(state, GRID.size() - 1, 11, 1).probabilities(),
                none.probabilities(),
                0,
                "the day's value: a period of factor 1, same draws");
    }

    private static Learner.Choice choose(PolicyState state, int top, long seed, int period) {
        return LEARNER.choose(state, null, 0, top, seed, new Learner.Conditions(0, period));
    }

    private static double meanBid(double[] probabilities) {
        double mean = 0;
        for (int arm = 0; arm < probabilities.length; arm++) {
            mean += probabilities[arm] * GRID.bid(arm);
        }
        return mean;
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
