package io.banditflow.core.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

class LinUcbTest {
    private static final double EPS = 1e-12;

    @Test
    void shouldMatchHandComputedStateAndScores() {
        LinUcb linUcb = new LinUcb(2, 2, 1.0, 1.0, 1.0);
        LinUcbState state = linUcb.newState();
        linUcb.update(state, 0, new double[] {1, 2}, 1.0);
        // A = I + x xᵀ = [[2, 2], [2, 5]] = LLᵀ with L = [[√2, 0], [√2, √3]]; b = (1, 2)
        assertArrayEquals(new double[] {2, 2, 2, 5}, linUcb.gram(state, 0), EPS);
        assertArrayEquals(
                new double[] {Math.sqrt(2), Math.sqrt(2), Math.sqrt(3)}, state.factor[0], EPS);
        assertArrayEquals(new double[] {1, 2}, state.b[0], EPS);
        // A⁻¹ = [[5, -2], [-2, 2]] / 6, θ = (1, 2) / 6; x' = (1, 0): arm 0 scores 1/6 + √(5/6),
        // the untouched arm 0 + √1
        double[] scores = linUcb.scores(state, new double[] {1, 0});
        assertArrayEquals(new double[] {1 / 6.0 + Math.sqrt(5 / 6.0), 1.0}, scores, EPS);
        assertEquals(0, linUcb.choose(state, new double[] {1, 0}, 7));
    }

    @Test
    void shouldBreakTiesWithTheSeed() {
        LinUcb linUcb = new LinUcb(3, 1, 1.0, 1.0, 1.0);
        LinUcbState state = linUcb.newState();
        int[] counts = new int[3];
        for (long round = 0; round < 3000; round++) {
            counts[linUcb.choose(state, new double[] {1}, round * 7919)]++;
        }
        for (int count : counts) {
            assertTrue(count > 900 && count < 1100, java.util.Arrays.toString(counts));
        }
        assertEquals(
                linUcb.choose(state, new double[] {1}, 42),
                linUcb.choose(state, new double[] {1}, 42));
    }

    @Test
    void shouldKeepTheFactorOfTheSumOfOuterProductsOverManyUpdates() {
        int d = 6;
        double ridge = 0.5;
        LinUcb linUcb = new LinUcb(2, d, 1.0, ridge, 1.0);
        LinUcbState state = linUcb.newState();
        double[] a = new double[d * d];
        double[] b = new double[d];
        for (int i = 0; i < d; i++) {
            a[i * d + i] = ridge;
        }
        SplittableRandom rng = new SplittableRandom(3);
        for (int t = 0; t < 5000; t++) {
            double[] x = new double[d];
            for (int i = 0; i < d; i++) {
                x[i] = rng.nextGaussian();
            }
            double reward = rng.nextDouble();
            linUcb.update(state, 0, x, reward);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    a[i * d + j] += x[i] * x[j];
                }
                b[i] += reward * x[i];
            }
        }
        double[] gram = linUcb.gram(state, 0);
        for (int i = 0; i < gram.length; i++) {
            assertEquals(a[i], gram[i], 1e-9 * Math.abs(a[i]) + 1e-9);
        }
        // θᵀx and xᵀA⁻¹x against A⁻¹ computed directly
        DMatrixRMaj inverse = new DMatrixRMaj(d, d);
        CommonOps_DDRM.invert(DMatrixRMaj.wrap(d, d, a), inverse);
        double[] x = {1, -0.5, 0.25, 2, 0, -1};
        DMatrixRMaj column = DMatrixRMaj.wrap(d, 1, x);
        DMatrixRMaj u = new DMatrixRMaj(d, 1);
        CommonOps_DDRM.mult(inverse, column, u);
        double[][] estimates = linUcb.meansAndVariances(state, x);
        assertEquals(dot(b, u.getData()), estimates[0][0], 1e-12);
        assertEquals(dot(x, u.getData()), estimates[1][0], 1e-12);
    }

    private static double dot(double[] u, double[] v) {
        double sum = 0;
        for (int i = 0; i < u.length; i++) {
            sum += u[i] * v[i];
        }
        return sum;
    }

    @Test
    void shouldFactorAStateOfTheOlderFormatOnceAndDecideAsBefore() {
        LinUcb linUcb = new LinUcb(2, 2, 1.0, 1.0, 1.0);
        LinUcbState updated = linUcb.newState();
        linUcb.update(updated, 0, new double[] {1, 2}, 1.0);
        LinUcbState older = new LinUcbState(); // as savepoints before the factor held it
        older.a = new double[][] {{2, 2, 2, 5}, {1, 0, 0, 1}};
        older.b = new double[][] {{1, 2}, {0, 0}};
        PolicyState policy = new PolicyState();
        policy.linear = older;
        assertTrue(linUcb.initialised(policy));
        double[] x = {0.3, -1};
        assertArrayEquals(linUcb.scores(updated, x), linUcb.scores(older, x), EPS);
        assertNull(older.a);
        assertArrayEquals(updated.factor[0], older.factor[0], EPS);
    }

    @Test
    void shouldReadALearnerExportedInTheOlderFormat() throws Exception {
        LinUcb linUcb = new LinUcb(2, 2, 1.0, 1.0, 1.0);
        LinUcbState updated = linUcb.newState();
        linUcb.update(updated, 0, new double[] {1, 2}, 1.0);
        String exported = // a `state export` line's learner before the factor
                "{\"a\":[[2,2,2,5],[1,0,0,1]],\"aInverse\":[[0.8333,-0.3333,-0.3333,0.3333],"
                        + "[1,0,0,1]],\"b\":[[1,2],[0,0]],\"sinceRefactor\":[1,0]}";
        LinUcbState older = new JsonMapper().readValue(exported, LinUcbState.class);
        double[] x = {0.3, -1};
        assertArrayEquals(linUcb.scores(updated, x), linUcb.scores(older, x), EPS);
    }

    @Test
    void shouldDecayTowardsTheStartInRecovery() {
        LinUcb linUcb = new LinUcb(2, 2, 1.0, 2.0, 1.0);
        PolicyState state = new PolicyState();
        linUcb.initialise(state);
        linUcb.update(state.linear, 1, new double[] {1, 2}, 1.0);
        linUcb.recover(state, RecoveryAction.DECAY, 0.25);
        // A = 0.25 · [[3, 2], [2, 6]] + 0.75 · 2I, b = 0.25 · (1, 2)
        assertArrayEquals(new double[] {2.25, 0.5, 0.5, 3}, linUcb.gram(state.linear, 1), EPS);
        assertArrayEquals(new double[] {0.25, 0.5}, state.linear.b[1], EPS);
        assertArrayEquals(new double[] {2, 0, 0, 2}, linUcb.gram(state.linear, 0), EPS);
    }

    @Test
    void shouldDiscountAsTheBriefWrites() {
        LinUcb linUcb = new LinUcb(2, 2, 1.0, 1.0, 0.5);
        LinUcbState state = linUcb.newState();
        linUcb.update(state, 0, new double[] {1, 2}, 1.0);
        linUcb.update(state, 0, new double[] {0, 1}, 0.0);
        // A = 0.5 · [[2, 2], [2, 5]] + [[0, 0], [0, 1]] + 0.5 · I, b = 0.5 · (1, 2)
        assertArrayEquals(new double[] {1.5, 1, 1, 4}, linUcb.gram(state, 0), EPS);
        assertArrayEquals(new double[] {0.5, 1}, state.b[0], EPS);
        // A⁻¹ = [[4, -1], [-1, 1.5]] / 5, θ = A⁻¹b = (0.2, 0.2); x = (1, 0): 0.2 + √0.8
        assertEquals(0.2 + Math.sqrt(0.8), linUcb.scores(state, new double[] {1, 0})[0], EPS);
    }

    private static LinearProblem.Learner learner(double discount) {
        LinUcb linUcb = new LinUcb(4, 3, 0.5, 1.0, discount);
        LinUcbState state = linUcb.newState();
        return new LinearProblem.Learner() {
            @Override
            public int choose(double[] x, long round) {
                return linUcb.choose(state, x, round);
            }

            @Override
            public void update(int arm, double[] x, double reward) {
                linUcb.update(state, arm, x, reward);
            }
        };
    }

    /** Cumulative regret on the linear problem (4 arms, d = 3: bias + 2 features). */
    private static double regret(int rounds) {
        return LinearProblem.regret(11, 12, rounds, -1, 0, learner(1.0));
    }

    @Test
    void shouldHaveSublinearRegretOnALinearProblem() {
        double early = regret(2000);
        double late = regret(8000);
        // Linear regret would quadruple over four times the rounds; √T-type regret doubles.
        assertTrue(late / early < 2.5, "regret 2000: " + early + ", 8000: " + late);
    }

    /** Regret in the 2,000 rounds after the arms' parameters are permuted at round 3,000. */
    private static double regretAfterShift(double discount) {
        return LinearProblem.regret(21, 22, 5000, 3000, 3000, learner(discount));
    }

    @Test
    void shouldRecoverFromAnAbruptShiftFasterWhenDiscounted() {
        double stationary = regretAfterShift(1.0);
        double discounted = regretAfterShift(0.98);
        System.out.printf(
                "LinUCB regret in the 2,000 rounds after a shift: stationary %.1f, γ = 0.98 %.1f%n",
                stationary, discounted);
        assertTrue(discounted * 2 < stationary, discounted + " vs " + stationary);
    }

    @Test
    void shouldShareTheProbabilityOfTiedArmsAndBreakTiesBySeed() {
        LinUcb linUcb = new LinUcb(4, 2, 1.0, 1.0, 1.0);
        PolicyState state = new PolicyState();
        linUcb.initialise(state);
        double[] x = {1, 0};
        // untouched arms all score α √(xᵀ x / λ) = 1: arms 1..3 allowed, a three-way tie
        Set<Integer> chosen = new HashSet<>();
        for (long seed = 0; seed < 60; seed++) {
            Learner.Choice c = linUcb.choose(state, x, 1, 3, seed);
            assertArrayEquals(new double[] {0, 1.0 / 3, 1.0 / 3, 1.0 / 3}, c.probabilities(), 0);
            chosen.add(c.arm());
        }
        assertEquals(Set.of(1, 2, 3), chosen);
        // arm 2 learns a reward of 1 for x: it alone is best, with propensity 1
        linUcb.update(state.linear, 2, x, 1.0);
        assertArrayEquals(
                new double[] {0, 0, 1, 0}, linUcb.choose(state, x, 1, 3, 5).probabilities(), 0);
    }
}
