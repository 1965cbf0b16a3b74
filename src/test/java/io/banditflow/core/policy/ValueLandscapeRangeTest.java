package io.banditflow.core.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.bid.BidGrid;
import io.banditflow.core.landscape.LandscapeState;
import io.banditflow.core.landscape.Population;
import io.banditflow.core.landscape.ValuePrior;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The bids value-landscape may play: within {@code trustSteps} of the bids played and learned whole
 * (their batch final), or at most the lower credible bound of value per click ({@code safeBound}),
 * and never above its upper bound.
 */
class ValueLandscapeRangeTest {
    private static final BidGrid GRID = BidGrid.sponsoredSearchDefault();
    private static final int START = GRID.nearestArm(0.15);
    private static final int TOP = GRID.size() - 1;

    private static ValueLandscape learner(double safeBound) {
        return ValueLandscape.of(
                GRID, Map.of("prior.bid", 0.15, "safeBound", safeBound, "valueWhenOpen", 0.0));
    }

    /** Played only the start bid, with {@code clicks} clicks converting at {@code rate}, 5 each. */
    private static LandscapeState playedStart(ValueLandscape learner, double clicks, double rate) {
        PolicyState state = new PolicyState();
        learner.initialise(state);
        LandscapeState model = state.landscape;
        model.exposure[START] = 10;
        model.trusted[START] = true;
        model.impressions[START] = 20 * clicks;
        model.clicks[START] = clicks;
        model.cost[START] = 0.1 * clicks;
        model.totalClicks = clicks;
        model.conversions = rate * clicks;
        model.value = 5 * rate * clicks;
        return model;
    }

    /**
     * 2,000 clicks, 200 sales of 5: the start prior (1 sale in 50 clicks at 7.5) gives ρ = 201/2050
     * = 9.8%, sd 0.66%, ŵ = 1007.5/201 = 5.01, so the lower bound 1 sd down is 0.46: every bid up
     * to the grid's top 0.40 risks no money, and all are open after one update.
     */
    @Test
    void shouldOpenEveryBidBelowTheValuesLowerBound() {
        ValueLandscape learner = learner(1);
        LandscapeState model = playedStart(learner, 2000, 0.1);
        assertArrayEquals(new int[] {START - 1, TOP}, learner.range(model, 0, TOP));
        assertArrayEquals(new int[] {START - 1, TOP - 2}, learner.range(model, 0, TOP - 2));
    }

    /** With the bound far down (z = 10: below 0) only the trust region is open. */
    @Test
    void shouldKeepToTheTrustRegionWithoutTheLowerBound() {
        ValueLandscape learner = learner(10);
        LandscapeState model = playedStart(learner, 2000, 0.1);
        assertArrayEquals(new int[] {START - 1, START + 1}, learner.range(model, 0, TOP));
    }

    /**
     * 200 clicks and 2 sales: ρ = 3/250 = 1.2%, sd 0.69%, ŵ = 17.5/3 = 5.83: the lower bound 0.03
     * opens nothing beyond the trust region, and the upper bound (2 sd: 0.15) closes the step
     * above.
     */
    @Test
    void shouldOpenNothingMoreWhenTheValueIsUncertainOrLow() {
        ValueLandscape learner = learner(1);
        LandscapeState model = playedStart(learner, 200, 0.01);
        assertArrayEquals(new int[] {START - 1, START}, learner.range(model, 0, TOP));
    }

    /**
     * Played only the start bid 0.15, 2,000 clicks, 40 sales of 5: ρ = 41/2050 = 2.0%, sd 0.31%, so
     * v̂ = 0.10 and its bounds about 0.085 (1 sd down) and 0.13 (2 sd up). Each click cost the bid
     * (first price): more than even the upper bound, so the product loses money at every bid it
     * knows, and the bids down to the lower bound open (0.07) — not one grid step per update down
     * from 0.15 — while those above the upper bound stay closed (0.13 the highest).
     */
    @Test
    void shouldOpenTheBidsDownToTheLowerBoundWhenEveryKnownBidLosesMoney() {
        ValueLandscape learner = learner(1);
        LandscapeState model = playedStart(learner, 2000, 0.02);
        model.cost[START] = GRID.bid(START) * 2000;
        assertArrayEquals(
                new int[] {GRID.nearestArm(0.07), GRID.nearestArm(0.13)},
                learner.range(model, 0, TOP));
    }

    /** The same product at a second price of 0.05 a click earns: the trust region holds. */
    @Test
    void shouldKeepToTheTrustRegionWhileAKnownBidEarns() {
        ValueLandscape learner = learner(1);
        LandscapeState model = playedStart(learner, 2000, 0.02);
        model.cost[START] = 0.05 * 2000;
        assertArrayEquals(new int[] {START - 1, START - 1}, learner.range(model, 0, TOP));
    }

    /**
     * 2,000 clicks and 20 sales: v's upper bound about 0.07 lies under the whole trust region
     * (0.13–0.18), so the product bids the highest bid under it, 0.07, even where the clicks it
     * bought earned (a second price of 0.05): no bid above what the value posterior supports.
     */
    @Test
    void shouldGoUnderTheUpperBoundWhenTheTrustRegionLiesAboveIt() {
        ValueLandscape learner = learner(1);
        LandscapeState model = playedStart(learner, 2000, 0.01);
        model.cost[START] = 0.05 * 2000;
        int under = GRID.nearestArm(0.07);
        assertArrayEquals(new int[] {under, under}, learner.range(model, 0, TOP));
    }

    /**
     * A bid whose rounds have ended has its clicks and cost learned, not its sales: the trust
     * region grows from it only once its batch is final. A state from before that was kept (no
     * {@code trusted}) counts every bid played.
     */
    @Test
    void shouldGrowTheTrustRegionOnlyFromBidsLearnedWhole() {
        ValueLandscape learner = learner(10);
        LandscapeState model = playedStart(learner, 2000, 0.1);
        model.exposure[START + 1] = 5;
        model.impressions[START + 1] = 500;
        assertArrayEquals(new int[] {START - 1, START + 1}, learner.range(model, 0, TOP));
        model.trusted[START + 1] = true;
        assertArrayEquals(new int[] {START - 1, START + 2}, learner.range(model, 0, TOP));
        model.trusted = null;
        assertArrayEquals(new int[] {START - 1, START + 2}, learner.range(model, 0, TOP));
    }

    /**
     * A mature batch's bids join the trust region as a final batch's do (a change only the first
     * time), and a restored state's are trusted with them.
     */
    @Test
    void shouldGrowTheTrustRegionFromAMatureBatch() {
        ValueLandscape learner = learner(10);
        PolicyState state = new PolicyState();
        learner.initialise(state);
        LandscapeState model = playedStart(learner, 2000, 0.1);
        state.landscape = model;
        model.exposure[START + 1] = 5;
        model.impressions[START + 1] = 500;
        List<PlayedRound> batch = List.of(played(START + 1), played(START));

        assertTrue(learner.learnMature(state, batch, null));
        assertArrayEquals(new int[] {START - 1, START + 2}, learner.range(model, 0, TOP));
        assertFalse(learner.learnMature(state, batch, null));

        model.trusted = null; // restored from before
        model.exposure[START + 2] = 5;
        assertTrue(learner.learnMature(state, List.of(played(START + 1)), null));
        assertArrayEquals(new int[] {START - 1, START + 3}, learner.range(model, 0, TOP));
    }

    /**
     * A mature batch also brings the population's value per click in force, as a final one does.
     */
    @Test
    void shouldTakeThePopulationsValueWhenABatchMatures() {
        ValueLandscape learner = learner(10);
        PolicyState state = new PolicyState();
        learner.initialise(state);
        LandscapeState model = playedStart(learner, 2000, 0.1);
        state.landscape = model;
        List<PlayedRound> batch = List.of(played(START));
        Population population = Population.of(new ValuePrior(4, 96, 30, 2));

        assertTrue(learner.learnMature(state, batch, population));
        assertEquals(4, model.priorAlpha);
        assertEquals(30, model.priorValuePerConversion);
        assertFalse(learner.learnMature(state, batch, population));
        assertFalse(learner.learnMature(state, batch, null));
        assertTrue(learner.learnMature(state, batch, Population.of(new ValuePrior(5, 95, 30, 2))));
    }

    private static PlayedRound played(int arm) {
        return new PlayedRound(0, arm, GRID.bid(arm), 1, "t/p/0");
    }

    /**
     * A state restored from before the bids learned whole were kept: what it had played was learned
     * when final, so it is trusted; a bid learned when its rounds end after the restore is not.
     */
    @Test
    void shouldTrustWhatARestoredStateHadPlayedOnly() {
        ValueLandscape learner = learner(10);
        PolicyState state = new PolicyState();
        learner.initialise(state);
        LandscapeState model = state.landscape;
        model.trusted = null;
        model.exposure[START] = 10;
        model.exposure[START + 1] = 5;
        learner.learnEnded(
                state, new LearningBatch(List.of(), List.of(), new double[0], new double[0], null));
        model.exposure[START + 2] = 5; // learned when its rounds ended, not yet final
        assertArrayEquals(new int[] {START - 1, START + 2}, learner.range(model, 0, TOP));
    }
}
