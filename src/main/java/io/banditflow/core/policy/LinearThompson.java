package io.banditflow.core.policy;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * Linear Thompson sampling (Agrawal, Goyal, "Thompson sampling for contextual bandits with linear
 * payoffs", ICML 2013), disjoint per arm: with the same statistics as {@link LinUcb} (A_a = λI + Σ
 * x xᵀ, b_a = Σ r x, the same Cholesky factor, updates and discounting), each decision draws θ̃_a ~
 * N(θ̂_a, v² A_a⁻¹) and plays argmax_a θ̃_aᵀ x.
 *
 * <p>For one context the sampled score of arm a, θ̃_aᵀx, is normal with mean θ̂_aᵀx and variance v²
 * xᵀA_a⁻¹x, independently across arms, so the draw needs no Cholesky factor, and the propensity of
 * each arm — the chance that its sampled score is the largest — is a one-dimensional integral, ∫
 * φ_a(s) Π_{b≠a} Φ_b(s) ds, computed by Simpson's rule rather than estimated from draws. The
 * quadrature error is reported with every choice (|1 − Σ_a P_a| before normalising).
 *
 * <p>Lifecycle ({@link Learner}): the statistics, updates, skipped rounds and drift recovery are
 * {@link LinUcb}'s; each decision draws the allowed arms' scores and plays the largest, logging the
 * quadrature propensities of the allowed arms. The algorithm is named {@code linear-thompson}.
 * Holds configuration only; the state is the caller's.
 */
public final class LinearThompson implements Learner {
    private static final LearnerParameter POSTERIOR_SCALE =
            LearnerParameter.number("posteriorScale", 0.25, 1e-9, 100, "v of θ̃ ~ N(θ̂, v²A⁻¹)");

    /** Linear Thompson sampling over the round's context. */
    public static final LearnerKind KIND =
            new LearnerKind(
                    "linear-thompson",
                    "Thompson sampling of a Gaussian linear model per bid over the round's context",
                    List.of(
                            POSTERIOR_SCALE,
                            LearnerParameter.ridge(),
                            LearnerParameter.discount(1)),
                    (settings, grid, d) ->
                            new LinearThompson(
                                    grid.size(),
                                    d,
                                    settings.get(POSTERIOR_SCALE.key()),
                                    settings.get("ridge"),
                                    settings.get("discount")));

    private static final double SPAN = 8;
    private static final double STEPS_PER_SD = 8;
    private static final int MIN_INTERVALS = 64;
    private static final int MAX_INTERVALS = 2_000;

    private final LinUcb statistics;
    private final int arms;
    private final double v;

    /**
     * @param v the scale of the posterior draw (v = 0 is greedy)
     * @param ridge λ > 0, the prior precision
     * @param discount γ in (0, 1]; 1 is stationary
     */
    public LinearThompson(int arms, int dimension, double v, double ridge, double discount) {
        if (!(v > 0)) {
            throw new IllegalArgumentException("need v > 0");
        }
        this.statistics = new LinUcb(arms, dimension, 0, ridge, discount);
        this.arms = arms;
        this.v = v;
    }

    @Override
    public String algorithm() {
        return "linear-thompson";
    }

    @Override
    public boolean contextual() {
        return true;
    }

    @Override
    public void initialise(PolicyState state) {
        statistics.initialise(state);
    }

    /** The posterior of {@link LinUcb#initialise(PolicyState, PooledPrior)}. */
    @Override
    public void initialise(PolicyState state, PooledPrior prior) {
        statistics.initialise(state, prior);
    }

    @Override
    public boolean initialised(PolicyState state) {
        return statistics.fits(state.linear);
    }

    @Override
    public Choice choose(
            PolicyState state, double[] context, int lowestArm, int highestArm, long seed) {
        return choose(state.linear, context, lowestArm, highestArm, seed);
    }

    @Override
    public int bestArm(PolicyState state, double[] context, int lowestArm, int highestArm) {
        return Learner.argmax(statistics.scores(state.linear, context), lowestArm, highestArm);
    }

    @Override
    public void update(PolicyState state, List<PlayedRound> played, double[] rewards) {
        statistics.update(state, played, rewards);
    }

    @Override
    public void recover(PolicyState state, RecoveryAction action, double decay) {
        statistics.recover(state, action, decay);
    }

    public LinUcbState newState() {
        return statistics.newState();
    }

    public void update(LinUcbState state, int arm, double[] x, double reward) {
        statistics.update(state, arm, x, reward);
    }

    /** Mean θ̂_aᵀx and standard deviation v √(xᵀA_a⁻¹x) of every arm's sampled score. */
    public double[][] scoreDistributions(LinUcbState state, double[] x) {
        double[][] estimates = statistics.meansAndVariances(state, x);
        double[] sds = new double[arms];
        for (int arm = 0; arm < arms; arm++) {
            sds[arm] = v * Math.sqrt(Math.max(estimates[1][arm], 0));
        }
        return new double[][] {estimates[0], sds};
    }

    /** A decision with the propensity of every arm (about 50 µs for 14 arms). */
    public Choice choose(LinUcbState state, double[] x, long seed) {
        return choose(state, x, 0, arms - 1, seed);
    }

    /** A decision among the arms {@code lowestArm..highestArm}, with their propensities. */
    public Choice choose(LinUcbState state, double[] x, int lowestArm, int highestArm, long seed) {
        double[][] distributions = scoreDistributions(state, x);
        int arm = draw(distributions, lowestArm, highestArm, seed);
        double[] allowed = new double[highestArm - lowestArm + 1];
        double error =
                probabilitiesOfMaximum(
                        Arrays.copyOfRange(distributions[0], lowestArm, highestArm + 1),
                        Arrays.copyOfRange(distributions[1], lowestArm, highestArm + 1),
                        allowed);
        double[] probabilities = new double[arms];
        System.arraycopy(allowed, 0, probabilities, lowestArm, allowed.length);
        return new Choice(arm, probabilities, PropensityMethod.QUADRATURE, error);
    }

    /** The same draw as {@link #choose} without the propensities, for simulation. */
    public int draw(LinUcbState state, double[] x, long seed) {
        return draw(scoreDistributions(state, x), 0, arms - 1, seed);
    }

    private int draw(double[][] distributions, int lowestArm, int highestArm, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int best = lowestArm;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int arm = lowestArm; arm <= highestArm; arm++) {
            double score = distributions[0][arm] + distributions[1][arm] * random.nextGaussian();
            if (score > bestScore) {
                bestScore = score;
                best = arm;
            }
        }
        return best;
    }

    /**
     * P(arm a's score is the largest) for independent normal scores, into {@code out}; returns the
     * quadrature error |1 − Σ P| before the probabilities are normalised to sum to one.
     *
     * <p>The integrand of every arm carries the factor Φ_b(s) of the arm b with the highest μ_b −
     * 8σ_b (or, for b itself, its density), so nothing below that point counts (less than 1e-15),
     * and nothing above the highest μ_a + 8σ_a. Over that range Simpson's rule takes steps of an
     * eighth of the smallest σ — the integrands are smooth on that scale — between {@value
     * #MIN_INTERVALS} and {@value #MAX_INTERVALS} intervals.
     */
    static double probabilitiesOfMaximum(double[] means, double[] sds, double[] out) {
        double low = Double.NEGATIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        double smallestSd = Double.POSITIVE_INFINITY;
        for (int a = 0; a < means.length; a++) {
            low = Math.max(low, means[a] - SPAN * sds[a]);
            high = Math.max(high, means[a] + SPAN * sds[a]);
            if (sds[a] > 0) {
                smallestSd = Math.min(smallestSd, sds[a]);
            }
        }
        long steps = (long) Math.ceil((high - low) / (smallestSd / STEPS_PER_SD));
        int intervals = (int) Math.max(MIN_INTERVALS, Math.min(MAX_INTERVALS, steps + (steps & 1)));
        return probabilitiesOfMaximum(means, sds, low, high, intervals, out);
    }

    /** The same by Simpson's rule over [low, high] in {@code intervals} (even) intervals. */
    static double probabilitiesOfMaximum(
            double[] means, double[] sds, double low, double high, int intervals, double[] out) {
        int k = means.length;
        if (!(high > low)) { // no spread at all: the (first) largest mean wins
            int arm = 0;
            for (int a = 1; a < k; a++) {
                arm = means[a] > means[arm] ? a : arm;
            }
            Arrays.fill(out, 0);
            out[arm] = 1;
            return 0;
        }
        NormalDistribution standard = NormalDistribution.of(0, 1);
        double h = (high - low) / intervals;
        double[] density = new double[k];
        double[] cdf = new double[k];
        double[] prefix = new double[k + 1];
        Arrays.fill(out, 0);
        for (int i = 0; i <= intervals; i++) {
            double s = low + i * h;
            for (int a = 0; a < k; a++) {
                if (sds[a] > 0) {
                    double z = (s - means[a]) / sds[a];
                    density[a] = standard.density(z) / sds[a];
                    cdf[a] = standard.cumulativeProbability(z);
                } else { // a point mass: no density; its cdf is a step
                    density[a] = 0;
                    cdf[a] = s >= means[a] ? 1 : 0;
                }
            }
            prefix[0] = 1;
            for (int a = 0; a < k; a++) {
                prefix[a + 1] = prefix[a] * cdf[a];
            }
            double suffix = 1;
            double weight = (i == 0 || i == intervals) ? 1 : (i % 2 == 1 ? 4 : 2);
            for (int a = k - 1; a >= 0; a--) {
                out[a] += weight * density[a] * prefix[a] * suffix;
                suffix *= cdf[a];
            }
        }
        double total = 0;
        for (int a = 0; a < k; a++) {
            out[a] *= h / 3;
            total += out[a];
        }
        for (int a = 0; a < k; a++) {
            out[a] /= total;
        }
        return Math.abs(1 - total);
    }
}
