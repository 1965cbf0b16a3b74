package io.banditflow.core.policy;

/**
 * ε-greedy over K arms (Sutton and Barto, "Reinforcement Learning", 2nd ed., section 2.2): with
 * probability ε an arm drawn uniformly, otherwise the arm of highest mean reward so far (ties
 * shared evenly). Every propensity is exact: P(a) = ε/K + (1 − ε)·1{a best}/#best.
 *
 * <p>Means are running averages per arm, optionally discounted (each update first multiplies all
 * counts and sums by γ), and start from {@code optimism} with one pseudo-observation so that
 * unplayed arms get tried. The state is two arrays per product: {@code double[2][K]} of discounted
 * counts and sums.
 */
public final class EpsilonGreedy {
    private final int arms;
    private final double epsilon;
    private final double discount;
    private final double optimism;

    public EpsilonGreedy(int arms, double epsilon, double discount, double optimism) {
        if (arms < 2 || !(epsilon >= 0 && epsilon <= 1) || !(discount > 0 && discount <= 1)) {
            throw new IllegalArgumentException("need K >= 2, 0 <= ε <= 1, 0 < γ <= 1");
        }
        this.arms = arms;
        this.epsilon = epsilon;
        this.discount = discount;
        this.optimism = optimism;
    }

    /** {counts, sums}, each starting with one pseudo-observation at the optimistic value. */
    public double[][] newState() {
        double[][] state = new double[2][arms];
        for (int a = 0; a < arms; a++) {
            state[0][a] = 1;
            state[1][a] = optimism;
        }
        return state;
    }

    public double[] probabilities(double[][] state) {
        double best = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < arms; a++) {
            best = Math.max(best, state[1][a] / state[0][a]);
        }
        int ties = 0;
        for (int a = 0; a < arms; a++) {
            ties += state[1][a] / state[0][a] >= best ? 1 : 0;
        }
        double[] p = new double[arms];
        for (int a = 0; a < arms; a++) {
            boolean isBest = state[1][a] / state[0][a] >= best;
            p[a] = epsilon / arms + (isBest ? (1 - epsilon) / ties : 0);
        }
        return p;
    }

    /**
     * An arm drawn from {@link #probabilities}; the seed comes from (learner seed, product, round).
     */
    public int choose(double[][] state, long seed) {
        return BatchExp3.sample(probabilities(state), seed);
    }

    public void update(double[][] state, int arm, double reward) {
        if (discount < 1) {
            for (int a = 0; a < arms; a++) {
                state[0][a] *= discount;
                state[1][a] *= discount;
            }
        }
        state[0][arm] += 1;
        state[1][arm] += reward;
    }
}
