package io.banditflow.core.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.apache.commons.statistics.distribution.BetaDistribution;
import org.junit.jupiter.api.Test;

class BetaThompsonTest {
    /** P(X₁ > X₂) for independent Beta variables, ∫ f₁(x) F₂(x) dx by Simpson's rule. */
    private static double probabilityFirstWins(double a1, double b1, double a2, double b2) {
        BetaDistribution first = BetaDistribution.of(a1, b1);
        BetaDistribution second = BetaDistribution.of(a2, b2);
        int n = 200_000;
        double h = 1.0 / n;
        double sum = 0;
        for (int i = 0; i <= n; i++) {
            double x = i * h;
            double weight = i == 0 || i == n ? 1 : (i % 2 == 1 ? 4 : 2);
            double fx = x == 0 || x == 1 ? 0 : first.density(x);
            sum += weight * fx * second.cumulativeProbability(x);
        }
        return sum * h / 3;
    }

    @Test
    void shouldEstimatePropensityWithinItsStatedError() {
        BetaThompson thompson = new BetaThompson(2, 1, 1, 1.0, 1000);
        BetaState state = thompson.newState();
        state.alpha = new double[] {12, 9};
        state.beta = new double[] {30, 28};
        double exact = probabilityFirstWins(12, 30, 9, 28);
        double standardError = Math.sqrt(exact * (1 - exact) / 1000);
        double sum = 0;
        int seeds = 400;
        for (long seed = 0; seed < seeds; seed++) {
            Learner.Choice choice = thompson.choose(state, seed);
            double p0 = choice.probabilities()[0];
            assertEquals(1.0, choice.probabilities()[0] + choice.probabilities()[1], 1e-12);
            assertEquals(choice.probabilities()[choice.arm()], choice.propensity(), 0);
            // each estimate: within 4.5 standard errors plus the bias bound 1 / (M + 1)
            assertTrue(
                    Math.abs(p0 - exact) < 4.5 * standardError + 1.0 / 1001,
                    "p0 " + p0 + " vs " + exact);
            sum += p0;
        }
        // the mean of 400 estimates is far tighter
        assertEquals(exact, sum / seeds, 4.5 * standardError / Math.sqrt(seeds) + 1.0 / 1001);
    }

    @Test
    void shouldChooseDeterministicallyFromTheSeed() {
        BetaThompson thompson = new BetaThompson(5, 1, 1, 1.0, 200);
        BetaState state = thompson.newState();
        Learner.Choice a = thompson.choose(state, 99);
        Learner.Choice b = thompson.choose(state, 99);
        assertEquals(a.arm(), b.arm());
        assertArrayEquals(a.probabilities(), b.probabilities(), 0);
        assertTrue(a.propensity() >= 1.0 / 201);
    }

    @Test
    void shouldUpdateByTheBernoulliTrickAndDiscountTowardsThePrior() {
        BetaThompson thompson = new BetaThompson(2, 1, 1, 0.5, 10);
        BetaState state = thompson.newState();
        thompson.update(state, 0, 1.0, 1); // Y = 1 for X = 1
        assertArrayEquals(new double[] {2, 1}, state.alpha, 0);
        assertArrayEquals(new double[] {1, 1}, state.beta, 0);
        thompson.update(state, 1, 0.0, 2); // discount first: α₀ = 1 + 0.5 (2 − 1) = 1.5; Y = 0
        assertArrayEquals(new double[] {1.5, 1}, state.alpha, 0);
        assertArrayEquals(new double[] {1, 2}, state.beta, 0);
        BetaThompson stationary = new BetaThompson(2, 1, 1, 1.0, 10);
        BetaState counting = stationary.newState();
        for (long seed = 0; seed < 10_000; seed++) {
            stationary.update(counting, 0, 0.3, seed);
        }
        int ones = (int) (counting.alpha[0] - 1);
        assertEquals(0.3, ones / 10_000.0, 0.02); // E[Y] = X
    }

    @Test
    void shouldConcentrateOnTheBestArm() {
        BetaThompson thompson = new BetaThompson(3, 1, 1, 1.0, 100);
        BetaState state = thompson.newState();
        double[] means = {0.2, 0.5, 0.35};
        SplittableRandom world = new SplittableRandom(5);
        int bestPlays = 0;
        for (long t = 0; t < 3000; t++) {
            int arm = thompson.choose(state, t).arm();
            bestPlays += arm == 1 && t >= 2000 ? 1 : 0;
            thompson.update(state, arm, world.nextDouble() < means[arm] ? 1 : 0, ~t);
        }
        assertTrue(bestPlays > 900, "best arm played " + bestPlays + " of the last 1000 rounds");
    }
}
