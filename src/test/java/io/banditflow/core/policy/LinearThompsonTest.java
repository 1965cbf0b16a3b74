package io.banditflow.core.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

class LinearThompsonTest {
    @Test
    void shouldDrawScoresFromThePosteriorWorkedOutByHand() {
        LinearThompson ts = new LinearThompson(2, 1, 0.5, 1.0, 1.0);
        LinUcbState state = ts.newState();
        ts.update(state, 0, new double[] {2}, 1.0);
        // A = 1 + 4 = 5, b = 2: θ̂ = 0.4; for x = 1 the score is N(0.4, 0.5² · 0.2)
        double[][] d = ts.scoreDistributions(state, new double[] {1});
        assertEquals(0.4, d[0][0], 1e-12);
        assertEquals(0.5 * Math.sqrt(0.2), d[1][0], 1e-12);
        assertEquals(0.0, d[0][1], 1e-12); // the untouched arm: N(0, 0.5² · 1)
        assertEquals(0.5, d[1][1], 1e-12);
    }

    @Test
    void shouldComputeTheChanceOfBeingLargestExactly() {
        // two arms: P(arm 1 largest) = Φ((μ1 − μ0) / √(σ0² + σ1²))
        double[] out = new double[2];
        double error =
                LinearThompson.probabilitiesOfMaximum(
                        new double[] {0.1, 0.3}, new double[] {0.2, 0.4}, out);
        double expected =
                NormalDistribution.of(0, 1).cumulativeProbability(0.2 / Math.sqrt(0.04 + 0.16));
        assertEquals(expected, out[1], 1e-9);
        assertEquals(1 - expected, out[0], 1e-9);
        assertTrue(error < 1e-9, "quadrature error " + error);
    }

    @Test
    void shouldMatchAFineQuadratureOverTheWholeRangeWithFewerPoints() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int trial = 0; trial < 60; trial++) {
            int k = 14;
            double[] means = new double[k];
            double[] sds = new double[k];
            double low = Double.POSITIVE_INFINITY;
            double high = Double.NEGATIVE_INFINITY;
            for (int a = 0; a < k; a++) {
                means[a] = rng.nextDouble(-1, 1);
                sds[a] = Math.exp(rng.nextDouble(Math.log(0.01), Math.log(1))); // σ over 100×
                low = Math.min(low, means[a] - 10 * sds[a]);
                high = Math.max(high, means[a] + 10 * sds[a]);
            }
            double[] fine = new double[k];
            LinearThompson.probabilitiesOfMaximum(means, sds, low, high, 40_000, fine);
            double[] out = new double[k];
            double error = LinearThompson.probabilitiesOfMaximum(means, sds, out);
            assertArrayEquals(fine, out, 1e-9, "trial " + trial);
            assertTrue(error < 1e-9, "trial " + trial + ": quadrature error " + error);
        }
    }

    @Test
    void shouldDrawArmsAsOftenAsTheirLoggedPropensitiesSay() {
        LinearThompson ts = new LinearThompson(4, 2, 1.0, 1.0, 1.0);
        LinUcbState state = ts.newState();
        SplittableRandom rng = new SplittableRandom(3);
        for (int t = 0; t < 40; t++) {
            double[] x = {1, rng.nextDouble()};
            ts.update(state, t % 4, x, (t % 4) * 0.1 + 0.05 * rng.nextGaussian());
        }
        double[] x = {1, 0.5};
        int draws = 40_000;
        int[] counts = new int[4];
        Learner.Choice first = ts.choose(state, x, 0);
        for (int seed = 0; seed < draws; seed++) {
            counts[ts.draw(state, x, seed)]++;
        }
        for (int a = 0; a < 4; a++) {
            double p = first.probabilities()[a];
            double sd = Math.sqrt(p * (1 - p) / draws);
            assertEquals(p, counts[a] / (double) draws, 4 * sd + 1e-9, "arm " + a);
        }
        assertEquals(first.probabilities()[first.arm()], first.propensity(), 0);
        assertEquals(ts.draw(state, x, 0), first.arm());
    }

    /** Cumulative regret on the linear problem of LinUcbTest (4 arms, d = 3). */
    private static double regret(int rounds) {
        LinearThompson ts = new LinearThompson(4, 3, 0.2, 1.0, 1.0);
        LinUcbState state = ts.newState();
        return LinearProblem.regret(
                11,
                12,
                rounds,
                -1,
                0,
                new LinearProblem.Learner() {
                    @Override
                    public int choose(double[] x, long round) {
                        return ts.draw(state, x, round);
                    }

                    @Override
                    public void update(int arm, double[] x, double reward) {
                        ts.update(state, arm, x, reward);
                    }
                });
    }

    @Test
    void shouldHaveSublinearRegretOnALinearProblem() {
        double early = regret(2000);
        double late = regret(8000);
        assertTrue(late / early < 2.5, "regret 2000: " + early + ", 8000: " + late);
    }
}
