package io.banditflow.core.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.util.Seeds;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EpsilonGreedyTest {
    @Test
    void shouldGiveExactPropensitiesWorkedOutByHand() {
        EpsilonGreedy greedy = new EpsilonGreedy(3, 0.3, 1.0, 0);
        MeanState state = greedy.newState();
        // all means 0: a three-way tie, 0.1 + 0.7 / 3 each
        assertArrayEquals(
                new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, greedy.probabilities(state), 1e-12);
        greedy.update(state, 1, 1.0); // arm 1: (0 + 1) / 2 = 0.5
        assertArrayEquals(new double[] {0.1, 0.8, 0.1}, greedy.probabilities(state), 1e-12);

        EpsilonGreedy discounted = new EpsilonGreedy(3, 0.3, 0.5, 0);
        MeanState d = discounted.newState();
        discounted.update(d, 1, 1.0);
        assertArrayEquals(new double[] {0.5, 1.5, 0.5}, d.counts, 1e-12);
        assertArrayEquals(new double[] {0, 1, 0}, d.sums, 1e-12);
    }

    @Test
    void shouldSpreadExplorationOverTheAllowedArmsOnly() {
        EpsilonGreedy greedy = new EpsilonGreedy(4, 0.3, 1.0, 0);
        PolicyState state = new PolicyState();
        greedy.initialise(state);
        greedy.update(state.means, 0, 1.0); // arm 0 is best overall but not allowed
        greedy.update(state.means, 2, 0.5); // arm 2: 0.25, the best of arms 1..2
        Learner.Choice c = greedy.choose(state, new double[0], 1, 2, 7);
        // ε / 2 each, plus 1 − ε on arm 2
        assertArrayEquals(new double[] {0, 0.15, 0.85, 0}, c.probabilities(), 1e-12);
        assertEquals(PropensityMethod.EXACT, c.method());
    }

    /**
     * After an abrupt swap of two Bernoulli arms (0.6 and 0.4 for 2,000 rounds, then 0.4 and 0.6
     * for 4,000): {rounds until the greedy arm is first the new best (4,000 if never), share of the
     * 4,000 rounds in which it is}.
     */
    private static double[] recovery(double discount) {
        EpsilonGreedy greedy = new EpsilonGreedy(2, 0.1, discount, 0.5);
        MeanState state = greedy.newState();
        SplittableRandom world = new SplittableRandom(5);
        int first = -1;
        int right = 0;
        for (int t = 0; t < 6000; t++) {
            boolean swapped = t >= 2000;
            double[] p = greedy.probabilities(state);
            int greedyArm = p[0] > p[1] ? 0 : 1;
            if (swapped && greedyArm == 1) {
                right++;
                first = first < 0 ? t - 2000 : first;
            }
            int arm = greedy.choose(state, Seeds.of(1, "p", t));
            double rate = (arm == 0) != swapped ? 0.6 : 0.4;
            greedy.update(state, arm, world.nextDouble() < rate ? 1 : 0);
        }
        return new double[] {first < 0 ? 4000 : first, right / 4000.0};
    }

    @Test
    void shouldRecoverFromAnAbruptShiftFasterWhenDiscounted() {
        double[] stationary = recovery(1.0);
        double[] discounted = recovery(0.99);
        System.out.printf(
                "ε-greedy after a swap of the best arm: stationary first right after %.0f rounds,"
                        + " right in %.0f%% of the rest; γ = 0.99 after %.0f rounds, %.0f%%%n",
                stationary[0], 100 * stationary[1], discounted[0], 100 * discounted[1]);
        assertTrue(discounted[0] * 5 < stationary[0], "first right");
        assertTrue(discounted[1] > stationary[1] + 0.3, "share right");
        assertEquals(
                greedyFrequency(), 0.1 / 2 + 0.9, 0.01, "ε-greedy plays its greedy arm as logged");
    }

    /** Share of seeded draws on the greedy arm of a fixed state. */
    private static double greedyFrequency() {
        EpsilonGreedy greedy = new EpsilonGreedy(2, 0.1, 1.0, 0);
        MeanState state = greedy.newState();
        greedy.update(state, 0, 1.0);
        int hits = 0;
        for (int t = 0; t < 20_000; t++) {
            hits += greedy.choose(state, Seeds.of(9, "p", t)) == 0 ? 1 : 0;
        }
        return hits / 20_000.0;
    }
}
