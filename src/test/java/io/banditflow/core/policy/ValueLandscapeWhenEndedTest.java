package io.banditflow.core.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.bid.BidGrid;
import io.banditflow.core.decide.EndedBatch;
import io.banditflow.core.guard.PacingHistory;
import io.banditflow.core.landscape.LandscapeState;
import io.banditflow.core.landscape.Population;
import io.banditflow.core.landscape.ValuePrior;
import io.banditflow.core.reward.RewardNormaliser;
import io.banditflow.core.reward.RoundOutcome;
import io.banditflow.core.round.RoundClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A value-landscape batch learned in two steps — the landscape when its rounds end, value per click
 * when final — ends in exactly the state of the batch learned whole when final; in between, only
 * the landscape has moved.
 */
class ValueLandscapeWhenEndedTest {
    private static final BidGrid GRID = BidGrid.sponsoredSearchDefault();
    private static final RoundClock CLOCK =
            new RoundClock(Duration.ofHours(3), 2, Duration.ofDays(2), Duration.ZERO);

    /** c_h of the 8 periods of the day: rounds 10 and 11 fall in periods 2 and 3. */
    private static final double[] PERIOD_SHARES = {1, 1, 1, 0.5, 1, 1, 1, 1};

    private static final ValuePrior POPULATION = new ValuePrior(2, 98, 50, 2);

    private static BidPolicy policy(boolean whenEnded) {
        return new BidPolicy(
                "t",
                GRID,
                ValueLandscape.of(
                        GRID,
                        Map.of(
                                "prior.bid",
                                0.15,
                                "discount",
                                0.9,
                                "landscapeWhenEnded",
                                whenEnded ? 1.0 : 0.0,
                                "valueWhenOpen",
                                0.0)),
                new RewardNormaliser(0.05, 0.95, -1, 5, 24, 112),
                1);
    }

    private static final List<PlayedRound> PLAYED =
            List.of(
                    new PlayedRound(10, 3, GRID.bid(3), 0.5, "t/p/10", 0, 13),
                    new PlayedRound(11, 4, GRID.bid(4), 0.25, "t/p/11", 0, 13));

    /** Final outcomes: round 10 with a sale that came after its end, round 11 without traffic. */
    private static final List<RoundOutcome> FINAL =
            List.of(new RoundOutcome("p", 10, 40, 3, 0.36, 1, 9.5), RoundOutcome.empty("p", 11));

    @Test
    void shouldLearnTheLandscapeWhenEndedAndValueWhenFinalAsTheWholeBatch() {
        BidPolicy whole = policy(false);
        PolicyState once = whole.newState();
        whole.applyBatch(
                once, PLAYED, FINAL, new double[] {1, 0.5}, Population.of(POPULATION), 100);

        BidPolicy twoSteps = policy(true);
        assertTrue(twoSteps.learner().learnsWhenEnded());
        PolicyState state = twoSteps.newState();
        EndedBatch ended = new EndedBatch("p");
        // what the round windows said at the rounds' end: no sale yet
        ended.add(10, PLAYED.get(0), new RoundOutcome("p", 10, 40, 3, 0.36, 0, 0));
        ended.add(11, PLAYED.get(1), null);
        ended.add(12, null, new RoundOutcome("p", 12, 9, 1, 0.1, 0, 0)); // not played: not learned
        assertTrue(ended.applyTo(twoSteps, state, CLOCK, PERIOD_SHARES, PacingHistory.NONE, 50));
        LandscapeState afterEnd = state.landscape;
        assertEquals(0, afterEnd.totalClicks);
        assertEquals(0, afterEnd.conversions);
        assertEquals(3, afterEnd.clicks[3]);
        assertEquals(1.0, afterEnd.exposure[3]);
        assertEquals(0.5, afterEnd.exposure[4]);
        assertEquals(1, state.policyVersion);
        assertEquals(0, state.roundsLearned, "rounds are counted when final");

        twoSteps.applyBatch(
                state, PLAYED, FINAL, new double[] {1, 0.5}, Population.of(POPULATION), 100, true);
        LandscapeState a = once.landscape;
        LandscapeState b = state.landscape;
        assertArrayEquals(a.exposure, b.exposure, 1e-15);
        assertArrayEquals(a.impressions, b.impressions, 1e-15);
        assertArrayEquals(a.clicks, b.clicks, 1e-15);
        assertArrayEquals(a.cost, b.cost, 1e-15);
        assertEquals(a.totalClicks, b.totalClicks, 1e-15);
        assertEquals(a.conversions, b.conversions, 1e-15);
        assertEquals(a.value, b.value, 1e-15);
        assertEquals(a.priorAlpha, b.priorAlpha);
        assertEquals(2, state.roundsLearned);
        assertEquals(once.policyVersion + 1, state.policyVersion);
    }

    @Test
    void shouldLearnNothingWhenEndedWithLandscapeWhenEndedOff() {
        BidPolicy whole = policy(false);
        assertFalse(whole.learner().learnsWhenEnded());
        EndedBatch ended = new EndedBatch("p");
        ended.add(10, PLAYED.get(0), FINAL.get(0));
        PolicyState state = whole.newState();
        assertFalse(ended.applyTo(whole, state, CLOCK, PERIOD_SHARES, PacingHistory.NONE, 50));
        assertEquals(0, state.policyVersion);
    }
}
