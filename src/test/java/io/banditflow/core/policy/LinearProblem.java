package io.banditflow.core.policy;

import java.util.SplittableRandom;

/**
 * A seeded linear bandit for the contextual learners' tests: 4 arms, contexts (1, u, v) with u, v
 * uniform on [−1, 1], arm parameters uniform on [−1, 1]³, rewards with N(0, 0.1²) noise; from
 * {@code shiftAt} on the arms' parameters are permuted (an abrupt shift).
 */
final class LinearProblem {
    /** The learner under test. */
    interface Learner {
        int choose(double[] x, long round);

        void update(int arm, double[] x, double reward);
    }

    private LinearProblem() {}

    /**
     * @param shiftAt the round from which arm a plays arm (a + 1) mod 4's parameters; negative for
     *     none
     * @param measureFrom the first round whose regret counts
     * @return the cumulative regret from {@code measureFrom} to {@code rounds}
     */
    static double regret(
            long worldSeed,
            long noiseSeed,
            int rounds,
            int shiftAt,
            int measureFrom,
            Learner learner) {
        SplittableRandom world = new SplittableRandom(worldSeed);
        double[][] theta = new double[4][3];
        for (double[] row : theta) {
            for (int i = 0; i < 3; i++) {
                row[i] = world.nextDouble(-1, 1);
            }
        }
        SplittableRandom rng = new SplittableRandom(noiseSeed);
        double regret = 0;
        for (int t = 0; t < rounds; t++) {
            double[] x = {1, rng.nextDouble(-1, 1), rng.nextDouble(-1, 1)};
            boolean shifted = shiftAt >= 0 && t >= shiftAt;
            double best = Double.NEGATIVE_INFINITY;
            double[] means = new double[4];
            for (int a = 0; a < 4; a++) {
                double[] th = theta[shifted ? (a + 1) % 4 : a];
                means[a] = th[0] * x[0] + th[1] * x[1] + th[2] * x[2];
                best = Math.max(best, means[a]);
            }
            int arm = learner.choose(x, t);
            if (t >= measureFrom) {
                regret += best - means[arm];
            }
            learner.update(arm, x, means[arm] + 0.1 * rng.nextGaussian());
        }
        return regret;
    }
}
