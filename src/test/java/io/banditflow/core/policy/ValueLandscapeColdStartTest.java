package io.banditflow.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.bid.BidGrid;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A new product whose category has pooled evidence makes its first value-landscape decisions next
 * to the bid its category earned most with, not next to the configured start bid; without evidence
 * it starts at the start bid. A reset after drift keeps the category's start.
 */
class ValueLandscapeColdStartTest {
    private static final BidGrid GRID = BidGrid.sponsoredSearchDefault();
    private static final ValueLandscape LEARNER =
            ValueLandscape.of(GRID, Map.of("prior.bid", 0.15, "valueWhenOpen", 0.0));
    private static final int START = GRID.nearestArm(0.15);
    private static final int CATEGORY_BEST = START + 3;
    private static final int LUCKY = START + 5;

    /**
     * The category played the start bid and its best bid 48 rounds each, and one lucky round at a
     * higher bid that earned the most: shrunk toward the average, that one does not make the start.
     */
    private static PooledPrior category() {
        double[] means = new double[GRID.size()];
        double[] rounds = new double[GRID.size()];
        means[START] = 0.3;
        rounds[START] = 48;
        means[CATEGORY_BEST] = 0.6;
        rounds[CATEGORY_BEST] = 48;
        means[LUCKY] = 1.0;
        rounds[LUCKY] = 1;
        return new PooledPrior("shoes", 0, means, rounds, 48);
    }

    @Test
    void shouldStartNextToTheBidItsCategoryEarnedMostWith() {
        assertEquals(CATEGORY_BEST, category().bestPlayedArm());
        PolicyState state = new PolicyState();
        LEARNER.initialise(state, category());
        assertEquals(GRID.bid(CATEGORY_BEST), state.landscape.startBid, 0);
        assertPlaysOnlyWithin(state, CATEGORY_BEST - 1, CATEGORY_BEST + 1);
    }

    @Test
    void shouldStartAtTheStartBidWithoutEvidenceOrCategory() {
        PolicyState scratch = new PolicyState();
        LEARNER.initialise(scratch);
        assertPlaysOnlyWithin(scratch, START - 1, START + 1);

        PooledPrior nothingPlayed =
                new PooledPrior("bags", 0, new double[GRID.size()], new double[GRID.size()], 48);
        assertEquals(-1, nothingPlayed.bestPlayedArm());
        PolicyState empty = new PolicyState();
        LEARNER.initialise(empty, nothingPlayed);
        assertEquals(0, empty.landscape.startBid, 0, "0: the configured start");
        assertPlaysOnlyWithin(empty, START - 1, START + 1);
    }

    @Test
    void shouldKeepTheCategorysStartWhenResetAfterDrift() {
        PolicyState state = new PolicyState();
        LEARNER.initialise(state, category());
        LEARNER.recover(state, RecoveryAction.RESET, 0);
        assertPlaysOnlyWithin(state, CATEGORY_BEST - 1, CATEGORY_BEST + 1);
    }

    /** Every decision over many seeds plays within {@code low..high}, and both ends are reached. */
    private static void assertPlaysOnlyWithin(PolicyState state, int low, int high) {
        boolean lowPlayed = false;
        boolean highPlayed = false;
        for (long seed = 1; seed <= 400; seed++) {
            state.landscape.changed();
            Learner.Choice choice = LEARNER.choose(state, null, 0, GRID.size() - 1, seed);
            assertTrue(
                    choice.arm() >= low && choice.arm() <= high,
                    "arm " + choice.arm() + " outside " + low + ".." + high);
            for (int arm = 0; arm < GRID.size(); arm++) {
                if (arm < low || arm > high) {
                    assertEquals(0, choice.probabilities()[arm], "arm " + arm);
                }
            }
            lowPlayed |= choice.arm() == low;
            highPlayed |= choice.arm() == high;
        }
        assertTrue(lowPlayed && highPlayed, "the whole start range is explored");
    }
}
