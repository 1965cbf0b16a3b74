package io.banditflow.core.landscape;

import static io.banditflow.core.util.Discounting.discounted;

import io.banditflow.core.bid.BidGrid;
import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.distribution.GammaDistribution;

/**
 * A product's bid landscape as posteriors over the grid: n(b), clicks per unit of traffic, and
 * k(b), cost per click, at each bid. Both are learned from every round at the bid played, within
 * hours of it, and both are non-decreasing in the bid, so each draw and each mean is projected onto
 * that shape ({@link Isotonic}) and a bid never played borrows from its played neighbours.
 *
 * <ul>
 *   <li>n(b_i) = ctr · m(b_i), m(b_i) ~ Gamma(shape = a₀ + impressions_i, rate = a₀ / m₀ +
 *       exposure_i): impressions won per unit of traffic, Poisson against the traffic the bid was
 *       shown, times the product's click-through rate over every bid (what a shopper clicks does
 *       not depend on the bid that showed the ad). Impressions are ten to fifty times as many as
 *       clicks, so the shape of n is learned that much faster than from clicks at each bid. The
 *       prior stands for a₀ = 2 impressions at m₀: the product's impressions per unit of traffic
 *       for a played bid; for a bid never played, its nearest played neighbour's (below, else
 *       above) scaled by the ratio of the bids, m(b_j)·b_i/b_j: the chord through m(0) = 0 (a bid
 *       of nothing wins nothing), which puts a lower bid's prior below its neighbour's and a higher
 *       one's above, where monotonicity only bounds them. Wide, so it gets tried. With the
 *       neighbour's value unscaled (until 2026-12-05) every bid below the played ones looked as if
 *       it won as much for less, and the draws leaned downward (docs/learners.md).
 *   <li>k(b_i) ~ Gamma(shape = c₀ + clicks_i, mean = (c₀·k₀ + cost_i) / (c₀ + clicks_i)), with k₀ =
 *       q̄·b_i, or for a bid above a played one k(b_j) + q̄·(b_i − b_j)/2 (a click's cost grows by
 *       at most the bid's increase, by less under second price), capped at b_i: a click never costs
 *       more than the bid (individual rationality, true of first price, second price and
 *       generalised second price alike). The prior's q̄ is the product's own cost per click as a
 *       share of the bid it played, so a first-price market (q̄ = 1) and a second-price one (q̄
 *       &lt; 1) teach their own shape; nothing assumes the mechanism. Its draws vary no more than a
 *       cost bounded by the bid can ({@link #boundedCostConcentration}).
 * </ul>
 */
public final class BidLandscape {
    /**
     * The impressions the prior of a bid's impressions per unit of traffic stands for: two, so that
     * a bid's own rounds outweigh it at once and a never-played bid's prior is wide.
     */
    static final double PRIOR_SHAPE = 2;

    /** c₀: the clicks the cost prior stands for. */
    static final double PRIOR_CLICKS = 1;

    /** The impressions the click-through prior stands for. */
    static final double PRIOR_IMPRESSIONS = 20;

    /** q̄ before the product has paid for any click. */
    static final double PRIOR_COST_SHARE = 0.75;

    private final double[] bids;

    public BidLandscape(BidGrid grid) {
        this.bids = grid.bids();
    }

    public int arms() {
        return bids.length;
    }

    public double bid(int arm) {
        return bids[arm];
    }

    public LandscapeState newState() {
        LandscapeState state = new LandscapeState();
        state.exposure = new double[bids.length];
        state.clicks = new double[bids.length];
        state.impressions = new double[bids.length];
        state.cost = new double[bids.length];
        state.trusted = new boolean[bids.length];
        return state;
    }

    /**
     * One round at {@code arm}: shown {@code exposure} units of traffic, the impressions it won,
     * their clicks and cost.
     */
    public void observe(
            LandscapeState state,
            int arm,
            double exposure,
            long impressions,
            long clicks,
            double cost) {
        state.exposure[arm] += exposure;
        state.impressions[arm] += impressions;
        state.clicks[arm] += clicks;
        state.cost[arm] += cost;
    }

    /** Old evidence, per bid and of value, weighs {@code factor} as much (0 &lt; factor ≤ 1). */
    public void discount(LandscapeState state, double factor) {
        discountLandscape(state, factor);
        discountValue(state, factor);
    }

    /** Discounts the per-bid sums: the landscape's evidence. */
    public void discountLandscape(LandscapeState state, double factor) {
        for (int i = 0; i < bids.length; i++) {
            state.exposure[i] = discounted(state.exposure[i], factor);
            state.clicks[i] = discounted(state.clicks[i], factor);
            state.cost[i] = discounted(state.cost[i], factor);
            state.impressions[i] = discounted(state.impressions[i], factor);
        }
    }

    /** Discounts the sums value per click is learned from. */
    public void discountValue(LandscapeState state, double factor) {
        state.totalClicks = discounted(state.totalClicks, factor);
        state.conversions = discounted(state.conversions, factor);
        state.value = discounted(state.value, factor);
    }

    /** Whether {@code arm} has been played (has traffic behind it). */
    public boolean played(LandscapeState state, int arm) {
        return state.exposure[arm] > 0;
    }

    /** Marks {@code arm} as learned whole: its batch is final ({@link LandscapeState#trusted}). */
    public void trust(LandscapeState state, int arm) {
        if (state.trusted != null) {
            state.trusted[arm] = true;
        }
    }

    /**
     * Starts {@link LandscapeState#trusted} in a state kept before it (null): every bid played so
     * far was learned whole, since the landscape was learned only when a batch was final.
     */
    public void trustPlayed(LandscapeState state) {
        if (state.trusted == null) {
            state.trusted = new boolean[bids.length];
            for (int i = 0; i < bids.length; i++) {
                state.trusted[i] = played(state, i);
            }
        }
    }

    /**
     * Whether {@code arm} has been played and learned whole ({@link LandscapeState#trusted}); in a
     * state from before that was kept, whether it has been played.
     */
    public boolean trusted(LandscapeState state, int arm) {
        return played(state, arm) && (state.trusted == null || state.trusted[arm]);
    }

    /** The posterior over {@code from..to} given what the product has seen. */
    public Posterior posterior(LandscapeState state, int from, int to) {
        return posterior(state, from, to, 1);
    }

    /**
     * The posterior over {@code from..to} with its spread scaled by {@code spread}: 1 is the
     * posterior; below 1 its draws stay closer to the means (same mean, standard deviation times
     * {@code spread}), so Thompson sampling explores less.
     */
    public Posterior posterior(LandscapeState state, int from, int to, double spread) {
        return new Posterior(state, from, to, spread);
    }

    /**
     * The landscape's posterior over a range of bids at one moment: per bid a Gamma for m (hence n)
     * and one for k, their priors as the class describes.
     */
    public final class Posterior {
        private final int from;
        private final int to;
        private final double ctr;
        private final double[] clickShape = new double[bids.length];
        private final double[] clickWeight = new double[bids.length];
        private final double[] costShape = new double[bids.length];
        private final double[] costMean = new double[bids.length];
        private final double[] clickDrawShape = new double[bids.length];
        private final double[] clickDrawScale = new double[bids.length];
        private final double[] costDrawShape = new double[bids.length];
        private final double[] costDrawScale = new double[bids.length];

        private Posterior(LandscapeState state, int from, int to, double spread) {
            double concentration = 1 / (spread * spread);
            this.from = from;
            this.to = to;
            double costShare = costShare(state);
            double impressionRate = impressionRate(state);
            this.ctr = clickThroughRate(state);
            int[] above = nextPlayedAbove(state);
            int below = -1;
            for (int i = 0; i < bids.length; i++) {
                boolean played = played(state, i);
                if (i >= from && i <= to) {
                    int neighbour = played ? -1 : below >= 0 ? below : above[i];
                    double impressionPrior =
                            neighbour < 0
                                    ? impressionRate
                                    : impressionMean(state, neighbour, impressionRate)
                                            * bids[i]
                                            / bids[neighbour];
                    clickWeight[i] = PRIOR_SHAPE / impressionPrior + state.exposure[i];
                    clickShape[i] = PRIOR_SHAPE + state.impressions[i];
                    double costPrior =
                            played || below < 0
                                    ? costShare * bids[i]
                                    : costMean(state, below, costShare)
                                            + costShare * (bids[i] - bids[below]) / 2;
                    costShape[i] = PRIOR_CLICKS + state.clicks[i];
                    costMean[i] =
                            Math.min(
                                    bids[i],
                                    (PRIOR_CLICKS * Math.min(bids[i], costPrior) + state.cost[i])
                                            / costShape[i]);
                    clickDrawShape[i] = clickShape[i] * concentration;
                    clickDrawScale[i] = ctr / clickWeight[i] / concentration;
                    costDrawShape[i] =
                            costShape[i]
                                    * boundedCostConcentration(costMean[i], bids[i])
                                    * concentration;
                    costDrawScale[i] = costMean[i] / costDrawShape[i];
                }
                if (played) {
                    below = i;
                }
            }
        }

        /** Posterior means of n and k, projected onto the monotone shape. */
        public void means(double[] clicks, double[] cost) {
            for (int i = from; i <= to; i++) {
                clicks[i] = ctr * clickShape[i] / clickWeight[i];
                cost[i] = costMean[i];
            }
            Isotonic.nonDecreasing(clicks, clickWeight, from, to);
            Isotonic.nonDecreasing(cost, costShape, from, to);
        }

        /** Draws from this posterior with {@code random}'s stream. */
        public Draws draws(UniformRandomProvider random) {
            return new Draws(random);
        }

        /** A stream of posterior draws, its samplers made once. */
        public final class Draws {
            private final ContinuousDistribution.Sampler[] clickSamplers =
                    new ContinuousDistribution.Sampler[bids.length];
            private final ContinuousDistribution.Sampler[] costSamplers =
                    new ContinuousDistribution.Sampler[bids.length];
            private final Isotonic.Fit fit = new Isotonic.Fit(bids.length);

            private Draws(UniformRandomProvider random) {
                for (int i = from; i <= to; i++) {
                    clickSamplers[i] = gammaSampler(clickDrawShape[i], clickDrawScale[i], random);
                    costSamplers[i] = gammaSampler(costDrawShape[i], costDrawScale[i], random);
                }
            }

            /** One draw of n and k, projected onto the monotone shape. */
            public void next(double[] clicks, double[] cost) {
                for (int i = from; i <= to; i++) {
                    clicks[i] = clickSamplers[i].sample();
                    cost[i] = Math.min(bids[i], costSamplers[i].sample());
                }
                fit.nonDecreasing(clicks, clickWeight, from, to);
                fit.nonDecreasing(cost, costShape, from, to);
            }
        }
    }

    /**
     * The shape from which a Gamma draw is made by the Wilson–Hilferty transform instead of
     * exactly: X = kθ·(1 − 1/(9k) + Z/(3√k))³, Z standard normal, one Gaussian (ziggurat) per draw
     * instead of Marsaglia–Tsang's Gaussian, uniform and rejection. At k ≥ 4 its quantiles are
     * within a few percent of the Gamma's and its mean within 0.1%; the draws' shapes are (prior +
     * evidence) / spread², at least 4 and 8 at the default spread of 0.5, so the landscape draws
     * always take it there. Measured (2026-12-05, docs/benchmarks.md): the first decision after an
     * update about a quarter faster; `simulate`'s 5-seed, three-mechanism table within the draws'
     * own noise (every cell within 1.2 points of best fixed).
     */
    static final double NORMAL_APPROXIMATION_SHAPE = 4;

    /**
     * A sampler of Gamma(shape, scale) drawing from {@code random}: 0 when either is not positive,
     * by the Wilson–Hilferty transform from {@link #NORMAL_APPROXIMATION_SHAPE} on, exact below.
     */
    static ContinuousDistribution.Sampler gammaSampler(
            double shape, double scale, UniformRandomProvider random) {
        if (!(shape > 0) || !(scale > 0)) {
            return () -> 0;
        }
        if (shape < NORMAL_APPROXIMATION_SHAPE) {
            return GammaDistribution.of(shape, scale).createSampler(random);
        }
        double mean = shape * scale;
        double shift = 1 - 1 / (9 * shape);
        double width = Math.sqrt(1 / (9 * shape));
        NormalizedGaussianSampler normal = ZigguratSampler.NormalizedGaussian.of(random);
        return () -> {
            double root = shift + width * normal.sample();
            return root > 0 ? mean * root * root * root : 0;
        };
    }

    /**
     * How much more (or less) sure of a bid's cost per click its draws are than a Gamma of one
     * shape per click: k / (b − k). The Gamma of shape n is the posterior of a mean cost of n
     * clicks as if a click's cost varied as much as its mean (variance k²). But a click costs
     * between 0 and its bid, so by the Bhatia–Davis inequality its variance is at most k·(b − k),
     * and a Gamma of that variance has shape n·k / (b − k): under first price (k = b) every click
     * costs the bid and the draws are the bid; where k is near b, as when competitors bid close to
     * the product, they stay near it; only below half the bid are they wider than the Gamma's. The
     * bound needs no mechanism, only that a click never costs more than its bid. Until 2026-12-06
     * the draws were the Gamma's: under first price a played bid's cost drawn below its bid half
     * the time, so bids looked cheaper than they are (docs/learners.md, "A click's cost is bounded
     * by its bid").
     */
    static double boundedCostConcentration(double cost, double bid) {
        double room = bid - cost;
        return room > cost / MAX_COST_CONCENTRATION ? cost / room : MAX_COST_CONCENTRATION;
    }

    /**
     * The most {@link #boundedCostConcentration} sharpens the draws, so that the shape stays
     * finite: a cost at its bid is then drawn with a standard deviation of 1% / √(c₀ + clicks) of
     * it at the posterior's own spread (a tenth of a percent at 100 clicks), half that at `spread`
     * 0.5.
     */
    static final double MAX_COST_CONCENTRATION = 1e4;

    /** A played bid's impressions per unit of traffic, with the weak prior at the product's. */
    private static double impressionMean(LandscapeState state, int arm, double impressionRate) {
        return (PRIOR_SHAPE + state.impressions[arm])
                / (PRIOR_SHAPE / impressionRate + state.exposure[arm]);
    }

    /** For each bid, the nearest played bid above it, or −1. */
    private int[] nextPlayedAbove(LandscapeState state) {
        int[] above = new int[bids.length];
        int next = -1;
        for (int i = bids.length - 1; i >= 0; i--) {
            above[i] = next;
            if (played(state, i)) {
                next = i;
            }
        }
        return above;
    }

    /** The product's clicks per impression over every bid, with a weak prior at 5%. */
    private static double clickThroughRate(LandscapeState state) {
        double impressions = Arrays.stream(state.impressions).sum();
        double clicks = Arrays.stream(state.clicks).sum();
        return (clicks + 0.05 * PRIOR_IMPRESSIONS) / (impressions + PRIOR_IMPRESSIONS);
    }

    /** A played bid's cost per click, with the weak prior at q̄ of the bid. */
    private double costMean(LandscapeState state, int arm, double costShare) {
        return Math.min(
                bids[arm],
                (PRIOR_CLICKS * costShare * bids[arm] + state.cost[arm])
                        / (PRIOR_CLICKS + state.clicks[arm]));
    }

    /** m̄: the product's impressions per unit of traffic over every bid (a floor before any). */
    private static double impressionRate(LandscapeState state) {
        double exposure = Arrays.stream(state.exposure).sum();
        double impressions = Arrays.stream(state.impressions).sum();
        return (impressions + 1) / (exposure + 1);
    }

    /** q̄: the product's cost per click as a share of the bid it was paid at. */
    private double costShare(LandscapeState state) {
        double cost = 0;
        double atBid = 0;
        double clicks = 0;
        for (int i = 0; i < bids.length; i++) {
            cost += state.cost[i];
            atBid += state.clicks[i] * bids[i];
            clicks += state.clicks[i];
        }
        if (!(atBid > 0)) {
            return PRIOR_COST_SHARE;
        }
        double share = Math.min(1, cost / atBid);
        return (PRIOR_CLICKS * PRIOR_COST_SHARE + clicks * share) / (PRIOR_CLICKS + clicks);
    }
}
