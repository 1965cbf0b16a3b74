package io.banditflow.core.landscape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.bid.BidGrid;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;

class BidLandscapeTest {
    private static final BidLandscape LANDSCAPE =
            new BidLandscape(new BidGrid(new double[] {0.10, 0.20, 0.30, 0.40}));

    /**
     * ctr = (20 + 0.05 · 20) / (400 + 20), m̄ = (400 + 1) / (4 + 1): the played bid's n by hand.
     */
    private static final double PLAYED_CLICKS =
            (20 + 0.05 * 20) / (400 + 20.0) * (2 + 400) / (2 / ((400 + 1) / (4 + 1.0)) + 4);

    /** Bid 0.20 played: 4 units of traffic, 400 impressions, 20 clicks costing 2.0. */
    private static LandscapeState playedOnce() {
        LandscapeState state = LANDSCAPE.newState();
        LANDSCAPE.observe(state, 1, 4, 400, 20, 2.0);
        return state;
    }

    /** The posterior means of n and of k over the bids from {@code from} to {@code to}. */
    private static double[][] means(LandscapeState state, int from, int to) {
        double[] clicks = new double[LANDSCAPE.arms()];
        double[] cost = new double[LANDSCAPE.arms()];
        LANDSCAPE.posterior(state, from, to).means(clicks, cost);
        return new double[][] {clicks, cost};
    }

    /** Posterior means by hand: ctr · (a₀ + impressions) / (a₀ / m̄ + exposure), cost likewise. */
    @Test
    void shouldGivePosteriorMeansOfAPlayedBid() {
        double[][] means = means(playedOnce(), 1, 1);
        double[] clicks = means[0];
        double[] cost = means[1];
        assertEquals(PLAYED_CLICKS, clicks[1], 1e-12);
        double costShare = (0.75 + 20 * Math.min(1, 2.0 / (20 * 0.20))) / 21;
        assertEquals((costShare * 0.20 + 2.0) / 21, cost[1], 1e-12);
    }

    /** A bid never played between two played ones lies between them, in every draw. */
    @Test
    void shouldKeepANeverPlayedBidBetweenItsPlayedNeighbours() {
        LandscapeState state = LANDSCAPE.newState();
        LANDSCAPE.observe(state, 0, 10, 100, 10, 0.5);
        LANDSCAPE.observe(state, 2, 10, 900, 90, 18);
        double[] clicks = new double[4];
        double[] cost = new double[4];
        SplittableRandom split = new SplittableRandom(7);
        UniformRandomProvider random = split::nextLong;
        BidLandscape.Posterior.Draws draws = LANDSCAPE.posterior(state, 0, 2).draws(random);
        for (int m = 0; m < 500; m++) {
            draws.next(clicks, cost);
            assertTrue(clicks[0] <= clicks[1] && clicks[1] <= clicks[2], "clicks monotone");
            assertTrue(cost[0] <= cost[1] && cost[1] <= cost[2], "cost monotone");
            for (int i = 0; i <= 2; i++) {
                assertTrue(cost[i] <= LANDSCAPE.bid(i) + 1e-12, "a click costs at most its bid");
            }
        }
    }

    /**
     * A never-played bid's prior is its played neighbour's impressions per unit of traffic scaled
     * by the ratio of the bids (the chord through m(0) = 0): half the bid, half the impressions;
     * twice, twice. By hand, with one bid played: m̄ = (400 + 1) / (4 + 1), m(0.20) = (2 + 400) /
     * (2 / m̄ + 4), and a₀ = 2 impressions of prior at m(0.20)·b/0.20 with no traffic of its own.
     */
    @Test
    void shouldScaleANeverPlayedBidsPriorByTheBid() {
        double[] clicks = means(playedOnce(), 0, 3)[0];
        assertEquals(PLAYED_CLICKS, clicks[1], 1e-12);
        assertEquals(PLAYED_CLICKS * 0.10 / 0.20, clicks[0], 1e-12);
        assertEquals(PLAYED_CLICKS * 0.30 / 0.20, clicks[2], 1e-12);
        assertEquals(PLAYED_CLICKS * 0.40 / 0.20, clicks[3], 1e-12);
    }

    @Test
    void shouldLearnTheCostShareOfTheMechanismFromWhatWasPaid() {
        LandscapeState firstPrice = LANDSCAPE.newState();
        LANDSCAPE.observe(firstPrice, 1, 10, 1000, 100, 100 * 0.20);
        double[] clicks = new double[4];
        double[] cost = new double[4];
        LANDSCAPE.posterior(firstPrice, 0, 3).means(clicks, cost);
        // paid the bid at 0.20: the never-played 0.30 is expected to cost at least 0.20 + half
        // the rise at the share paid (1): 0.25
        assertTrue(cost[2] > 0.249, "first price: " + cost[2]);
        LandscapeState secondPrice = LANDSCAPE.newState();
        LANDSCAPE.observe(secondPrice, 1, 10, 1000, 100, 100 * 0.10);
        LANDSCAPE.posterior(secondPrice, 0, 3).means(clicks, cost);
        assertTrue(cost[2] < 0.2, "half the bid: " + cost[2]);
    }

    /**
     * Under first price every click cost its bid (100 clicks at 0.20 costing 20.0), so the cost per
     * click is known: every draw is the bid, to half a percent (the bound's cap, {@link
     * BidLandscape#MAX_COST_CONCENTRATION}, leaves a standard deviation of 0.1%). With the Gamma of
     * one shape per click a draw strayed 2% on average.
     */
    @Test
    void shouldDrawTheBidAsTheCostOfAClickThatAlwaysCostItsBid() {
        LandscapeState firstPrice = LANDSCAPE.newState();
        LANDSCAPE.observe(firstPrice, 1, 10, 1000, 100, 100 * 0.20);
        double[] cost = costDraws(firstPrice, 1, 2_000);
        for (double draw : cost) {
            assertEquals(0.20, draw, 0.20 * 5e-3);
        }
    }

    /**
     * A click costing 60% of its bid on average (100 clicks at 0.20 costing 12.0) varies at most as
     * a cost that is 0 or the bid: variance k·(b − k) per click (Bhatia–Davis), so the mean of c₀ +
     * 100 clicks has a standard deviation of √(k·(b − k) / 101); the Gamma of one shape per click
     * gave k / √101, a fifth more.
     */
    @Test
    void shouldDrawTheCostNoWiderThanACostBetweenNothingAndTheBidCanVary() {
        LandscapeState secondPrice = LANDSCAPE.newState();
        LANDSCAPE.observe(secondPrice, 1, 10, 1000, 100, 12.0);
        double costShare = (0.75 + 100 * 0.6) / 101;
        double mean = (costShare * 0.20 + 12.0) / 101;
        double[] cost = costDraws(secondPrice, 1, 20_000);
        double drawn = Arrays.stream(cost).average().orElseThrow();
        double variance =
                Arrays.stream(cost).map(c -> (c - drawn) * (c - drawn)).sum() / cost.length;
        assertEquals(mean, drawn, 1e-3 * mean);
        assertEquals(
                Math.sqrt(mean * (0.20 - mean) / 101),
                Math.sqrt(variance),
                0.03 * Math.sqrt(variance));
    }

    /** {@code count} draws of {@code arm}'s cost per click from the posterior itself (spread 1). */
    private static double[] costDraws(LandscapeState state, int arm, int count) {
        SplittableRandom split = new SplittableRandom(11);
        UniformRandomProvider random = split::nextLong;
        BidLandscape.Posterior.Draws draws = LANDSCAPE.posterior(state, arm, arm, 1).draws(random);
        double[] clicks = new double[LANDSCAPE.arms()];
        double[] cost = new double[LANDSCAPE.arms()];
        double[] drawn = new double[count];
        for (int m = 0; m < count; m++) {
            draws.next(clicks, cost);
            drawn[m] = cost[arm];
        }
        return drawn;
    }

    @Test
    void shouldDiscountEveryBidsEvidence() {
        LandscapeState state = LANDSCAPE.newState();
        LANDSCAPE.observe(state, 3, 2, 50, 5, 1);
        LANDSCAPE.discount(state, 0.5);
        assertEquals(1, state.exposure[3]);
        assertEquals(25, state.impressions[3]);
        assertEquals(2.5, state.clicks[3]);
        assertEquals(0.5, state.cost[3]);
    }

    @Test
    void evidenceDiscountedForeverFadesToZeroInsteadOfStayingSubnormal() {
        LandscapeState state = LANDSCAPE.newState();
        LANDSCAPE.observe(state, 1, 0.5, 40, 4, 0.6);
        state.totalClicks = 4;
        for (int update = 0; update < 80_000; update++) {
            LANDSCAPE.discount(state, 0.99);
        }
        // 0.99^80,000 is below every double: without the flush the sums stop at the smallest
        // subnormal they reach (4.9e-324 · 0.99 rounds back to 4.9e-324)
        assertEquals(0.0, state.exposure[1]);
        assertEquals(0.0, state.cost[1]);
        assertEquals(0.0, state.totalClicks);
        assertEquals(0.99 * 0.5, io.banditflow.core.util.Discounting.discounted(0.5, 0.99));
    }

    /**
     * The landscape's Gamma draws from shape 4 on (Wilson–Hilferty): over 200,000 draws their mean,
     * variance and the share below the mean are the Gamma's within a few Monte Carlo errors and the
     * approximation's own bias (0.1% of the mean, a few percent of the variance at shape 4).
     */
    @Test
    void gammaDrawsFromShapeFourOnHaveTheGammasMomentsAndMedianSide() {
        for (double shape : new double[] {4, 12, 200}) {
            double scale = 0.3;
            SplittableRandom random = new SplittableRandom(7);
            UniformRandomProvider stream = random::nextLong;
            var sampler = BidLandscape.gammaSampler(shape, scale, stream);
            int n = 200_000;
            double sum = 0;
            double squares = 0;
            int below = 0;
            for (int i = 0; i < n; i++) {
                double x = sampler.sample();
                sum += x;
                squares += x * x;
                below += x <= shape * scale ? 1 : 0;
            }
            double mean = sum / n;
            double variance = squares / n - mean * mean;
            var gamma =
                    org.apache.commons.statistics.distribution.GammaDistribution.of(shape, scale);
            assertEquals(shape * scale, mean, 0.005 * shape * scale, "mean at shape " + shape);
            assertEquals(shape * scale * scale, variance, 0.04 * shape * scale * scale, "variance");
            assertEquals(gamma.cumulativeProbability(shape * scale), below / (double) n, 0.005);
        }
        assertEquals(
                0, BidLandscape.gammaSampler(0, 1, new SplittableRandom(1)::nextLong).sample());
    }
}
