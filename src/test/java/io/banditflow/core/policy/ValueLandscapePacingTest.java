package io.banditflow.core.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.bid.BidGrid;
import io.banditflow.core.reward.RewardNormaliser;
import io.banditflow.core.reward.RoundOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Under a budget the value landscape maximises n(b)·(v − (1 + λ)·k(b)) with the pacer's λ in force
 * when deciding, and learns a click's cost as it was (docs/learners.md, "Pacing"): spend n·k rises
 * with the bid, so a dearer click never moves its best bid up (Topkis: the profit has decreasing
 * differences in bid and λ), draw by draw.
 */
class ValueLandscapePacingTest {
    private static final BidGrid GRID = BidGrid.sponsoredSearchDefault();
    private static final ValueLandscape LEARNER =
            ValueLandscape.of(
                    GRID, Map.of("prior.bid", 0.15, "trustSteps", 3.0, "valueWhenOpen", 0.0));
    private static final BidPolicy POLICY =
            new BidPolicy("t", GRID, LEARNER, new RewardNormaliser(0.05, 0.95, -1, 5, 24, 112), 1);

    /**
     * Rounds at every bid from 0.10 to 0.30, clicks and cost rising with the bid, and sales worth
     * about 0.4 a click: the best unpaced bid is inside the range, with bids below it to go to.
     */
    private static PolicyState learned() {
        PolicyState state = POLICY.newState();
        List<PlayedRound> played = new ArrayList<>();
        List<RoundOutcome> outcomes = new ArrayList<>();
        long round = 1;
        for (int arm = GRID.nearestArm(0.10); arm <= GRID.nearestArm(0.30); arm++) {
            double bid = GRID.bid(arm);
            for (int repeat = 0; repeat < 6; repeat++, round++) {
                long clicks = Math.round(100 * bid);
                played.add(new PlayedRound(round, arm, bid, 1, "t/p/" + round, 0, 13));
                outcomes.add(
                        new RoundOutcome(
                                "p",
                                round,
                                clicks * 20,
                                clicks,
                                clicks * 0.8 * bid,
                                clicks / 10,
                                clicks / 10 * 4.0));
            }
        }
        double[] shares = new double[played.size()];
        java.util.Arrays.fill(shares, 1);
        POLICY.applyBatch(state, played, outcomes, shares, round);
        return state;
    }

    @Test
    void shouldNeverBidHigherForADearerClick() {
        PolicyState state = learned();
        int last = GRID.size() - 1;
        int unpaced = LEARNER.bestArm(state, null, 0, last);
        assertEquals(
                unpaced,
                LEARNER.bestArm(state, null, 0, last, Learner.Conditions.paced(0)),
                "λ = 0 is unpaced");
        int previous = unpaced;
        for (double lambda : new double[] {0.1, 0.3, 0.6, 1, 2, 4}) {
            int paced = LEARNER.bestArm(state, null, 0, last, Learner.Conditions.paced(lambda));
            assertTrue(paced <= previous, "λ " + lambda + ": " + paced + " above " + previous);
            previous = paced;
        }
        assertTrue(previous < unpaced, "a dear enough click moves the best bid down");
    }

    @Test
    void shouldDrawEachPacedDecisionAnewAndShiftItsBidsDown() {
        PolicyState state = learned();
        int last = GRID.size() - 1;
        for (long seed = 1; seed <= 20; seed++) {
            PolicyState fresh = learned();
            Learner.Choice unpaced =
                    LEARNER.choose(fresh, null, 0, last, seed, Learner.Conditions.NONE);
            Learner.Choice paced =
                    LEARNER.choose(state, null, 0, last, seed, Learner.Conditions.paced(1));
            assertNull(state.landscape.policyWins, "a paced distribution is not kept: λ moves");
            assertFalse(state.changedByDecision);
            assertEquals(paced.probabilities()[paced.arm()], paced.propensity(), 0);
            assertArrayEquals(
                    paced.probabilities(),
                    LEARNER.choose(state, null, 0, last, seed, Learner.Conditions.paced(1))
                            .probabilities(),
                    0,
                    "the same seed and λ, the same distribution");
            // the same landscape draws (same seed): each draw's best bid no higher when paced
            double unpacedBelow = 0;
            double pacedBelow = 0;
            for (int arm = 0; arm <= last; arm++) {
                unpacedBelow += unpaced.probabilities()[arm];
                pacedBelow += paced.probabilities()[arm];
                assertTrue(pacedBelow >= unpacedBelow - 1e-12, "seed " + seed + ", arm " + arm);
            }
        }
    }

    @Test
    void shouldLearnAClicksCostAsItWasWhateverTheLambda() {
        RoundOutcome outcome = new RoundOutcome("p", 1, 100, 4, 0.8, 1, 5.0);
        assertEquals(outcome, POLICY.asLearned(outcome, 0.7));
    }
}
