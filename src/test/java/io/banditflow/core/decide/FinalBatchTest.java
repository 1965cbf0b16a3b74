package io.banditflow.core.decide;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.bid.BidGrid;
import io.banditflow.core.guard.PacingHistory;
import io.banditflow.core.policy.BatchExp3;
import io.banditflow.core.policy.BidPolicy;
import io.banditflow.core.policy.Exp3Parameters;
import io.banditflow.core.policy.PlayedRound;
import io.banditflow.core.policy.ValueLandscape;
import io.banditflow.core.reward.RewardNormaliser;
import io.banditflow.core.reward.RoundOutcome;
import io.banditflow.core.round.RoundClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A final batch assembled round by round: what is learned, what is only counted. */
class FinalBatchTest {
    /** Rounds of 6 h: four periods a day; batches of 4 rounds. */
    private static final RoundClock CLOCK =
            new RoundClock(Duration.ofHours(6), 4, Duration.ofDays(2), Duration.ZERO);

    @Test
    void shouldLearnPlayedRoundsAndCountTheOthers() {
        FinalBatch batch = new FinalBatch("p");
        PlayedRound first = new PlayedRound(8, 1, 0.2, 0.5, "j/p/8");
        PlayedRound quiet = new PlayedRound(10, 0, 0.1, 0.25, "j/p/10");
        batch.add(8, first, new RoundOutcome("p", 8, 100, 4, 0.8, 1, 5.0));
        batch.add(9, null, new RoundOutcome("p", 9, 50, 2, 0.4, 0, 0)); // in fallback
        batch.add(10, quiet, null); // played, no traffic
        batch.add(11, null, null);
        assertTrue(batch.learns());
        assertFalse(batch.isEmpty());
        assertEquals(6, batch.clicks());
        assertEquals(1, batch.conversions());
        assertEquals(1, batch.undecidedWithTraffic());

        FinalBatch.Learnable learnable =
                batch.learnable(CLOCK, new double[] {0.2, 0.5, 0.9, 1.0}, PacingHistory.NONE);
        assertEquals(List.of(first, quiet), learnable.played());
        assertEquals(RoundOutcome.empty("p", 10), learnable.outcomes().get(1));
        // rounds 8 and 10 fall in periods 0 and 2 of their day
        assertArrayEquals(new double[] {0.2, 0.9}, learnable.trafficShares(), 0);
    }

    @Test
    void shouldBeEmptyOnlyWithNeitherAPlayedRoundNorAnOutcome() {
        FinalBatch nothing = new FinalBatch("p");
        nothing.add(8, null, null);
        nothing.add(9, null, null);
        assertTrue(nothing.isEmpty());
        assertFalse(nothing.learns());

        FinalBatch trafficOnly = new FinalBatch("p");
        trafficOnly.add(8, null, new RoundOutcome("p", 8, 10, 0, 0, 0, 0));
        assertFalse(trafficOnly.isEmpty(), "an outcome without clicks still counts");
        assertFalse(trafficOnly.learns());

        FinalBatch playedOnly = new FinalBatch("p");
        playedOnly.add(8, new PlayedRound(8, 1, 0.2, 0.5, "j/p/8"), null);
        assertFalse(playedOnly.isEmpty());
    }

    @Test
    void shouldHandEachLearnerTheOutcomeAsItSeesIt() {
        FinalBatch batch = new FinalBatch("p");
        RoundOutcome outcome = new RoundOutcome("p", 8, 100, 4, 0.8, 1, 5.0);
        batch.add(8, new PlayedRound(8, 1, 0.2, 0.5, "j/p/8"), outcome);
        FinalBatch.Learnable learnable =
                batch.learnable(CLOCK, new double[] {1, 1, 1, 1}, round -> round == 8 ? 0.5 : 0);
        assertArrayEquals(new double[] {0.5}, learnable.lambdas(), 0);
        assertEquals(outcome, learnable.outcomes().get(0), "kept as it was");

        BidGrid grid = new BidGrid(new double[] {0.1, 0.2});
        RewardNormaliser normaliser = new RewardNormaliser(0.05, 0.95, -2, 6, 10, 20);
        BidPolicy scalar =
                new BidPolicy(
                        "j", grid, new BatchExp3(2, new Exp3Parameters(1, 0, 0)), normaliser, 1);
        RoundOutcome paced = scalar.asLearned(learnable.outcomes(), learnable.lambdas()).get(0);
        assertEquals(5.0 - 1.5 * 0.8, paced.profit(), 1e-12, "a scalar learner: cost × (1 + λ)");
        BidPolicy landscape =
                new BidPolicy(
                        "j",
                        grid,
                        ValueLandscape.of(grid, Map.of("prior.bid", 0.1, "valueWhenOpen", 0.0)),
                        normaliser,
                        1);
        assertEquals(
                outcome,
                landscape.asLearned(learnable.outcomes(), learnable.lambdas()).get(0),
                "a learner that weighs cost when deciding learns a click's cost");
    }

    @Test
    void shouldNotLearnABatchItDidNotPlay() {
        FinalBatch batch = new FinalBatch("p");
        batch.add(8, null, new RoundOutcome("p", 8, 100, 4, 0.8, 1, 5.0));
        assertFalse(batch.learns());
        assertEquals(4, batch.clicks());
    }
}
