package io.banditflow.core.policy;

import io.banditflow.core.util.Discounting;
import java.util.List;

/**
 * ε-greedy over K arms (Sutton and Barto, "Reinforcement Learning", 2nd ed., section 2.2): with
 * probability ε an arm drawn uniformly, otherwise the arm of highest mean reward so far (ties
 * shared evenly). Every propensity is exact: P(a) = ε/K + (1 − ε)·1{a best}/#best, over the K arms
 * the guardrails allow.
 *
 * <p>Means are running averages per arm, optionally discounted (each update first multiplies all
 * counts and sums by γ), and start from {@code optimism} with one pseudo-observation so that
 * unplayed arms get tried.
 *
 * <p>Lifecycle ({@link Learner}): every arm starts at one pseudo-observation of {@code optimism};
 * each decision draws from the distribution above; each round of a complete batch adds its reward
 * to the played arm; a drift recovery multiplies the evidence by ρ, keeping the pseudo-observation.
 * The algorithm is named {@code epsilon-greedy}.
 */
public final class EpsilonGreedy implements Learner {
    private static final LearnerParameter EPSILON =
            LearnerParameter.number("epsilon", 0.1, 0, 1, "ε, the share of uniform exploration");
    private static final LearnerParameter OPTIMISM =
            LearnerParameter.number(
                    "optimism", 1, -1e6, 1e6, "the start value of every bid's mean");

    /** ε-greedy over the bids' (discounted) mean rewards. */
    public static final LearnerKind KIND =
            new LearnerKind(
                    "epsilon-greedy",
                    "the best mean reward, or a uniform bid with probability ε",
                    List.of(EPSILON, LearnerParameter.discount(1), OPTIMISM),
                    (settings, grid, d) ->
                            new EpsilonGreedy(
                                    grid.size(),
                                    settings.get(EPSILON.key()),
                                    settings.get("discount"),
                                    settings.get(OPTIMISM.key())));

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

    @Override
    public String algorithm() {
        return "epsilon-greedy";
    }

    @Override
    public boolean contextual() {
        return false;
    }

    @Override
    public void initialise(PolicyState state) {
        state.means = newState();
    }

    /** Pooled evidence as observations: counts += N, sums += N m_i. */
    @Override
    public void initialise(PolicyState state, PooledPrior prior) {
        Learner.checkArms(prior, arms);
        initialise(state);
        for (int a = 0; a < arms; a++) {
            state.means.counts[a] += prior.strength();
            state.means.sums[a] += prior.strength() * prior.filledMean(a);
        }
    }

    @Override
    public boolean initialised(PolicyState state) {
        return state.means != null && state.means.counts.length == arms;
    }

    /** One pseudo-observation at the optimistic value per arm. */
    public MeanState newState() {
        MeanState state = new MeanState();
        state.counts = new double[arms];
        state.sums = new double[arms];
        for (int a = 0; a < arms; a++) {
            state.counts[a] = 1;
            state.sums[a] = optimism;
        }
        return state;
    }

    public double[] probabilities(MeanState state) {
        return probabilities(state, 0, arms - 1);
    }

    /** The ε-greedy distribution over the arms {@code lowestArm..highestArm}. */
    public double[] probabilities(MeanState state, int lowestArm, int highestArm) {
        double best = Double.NEGATIVE_INFINITY;
        for (int a = lowestArm; a <= highestArm; a++) {
            best = Math.max(best, state.sums[a] / state.counts[a]);
        }
        int ties = 0;
        for (int a = lowestArm; a <= highestArm; a++) {
            ties += state.sums[a] / state.counts[a] >= best ? 1 : 0;
        }
        int allowed = highestArm - lowestArm + 1;
        double[] p = new double[arms];
        for (int a = lowestArm; a <= highestArm; a++) {
            boolean isBest = state.sums[a] / state.counts[a] >= best;
            p[a] = epsilon / allowed + (isBest ? (1 - epsilon) / ties : 0);
        }
        return p;
    }

    /**
     * An arm drawn from {@link #probabilities}; the seed comes from (learner seed, product, round).
     */
    public int choose(MeanState state, long seed) {
        return BatchExp3.sample(probabilities(state), seed);
    }

    @Override
    public Choice choose(
            PolicyState state, double[] context, int lowestArm, int highestArm, long seed) {
        double[] p = probabilities(state.means, lowestArm, highestArm);
        return new Choice(BatchExp3.sample(p, seed), p, PropensityMethod.EXACT, 0);
    }

    public void update(MeanState state, int arm, double reward) {
        if (discount < 1) {
            scale(state, discount);
        }
        state.counts[arm] += 1;
        state.sums[arm] += reward;
    }

    @Override
    public int bestArm(PolicyState state, double[] context, int lowestArm, int highestArm) {
        double[] means = new double[arms];
        for (int a = 0; a < arms; a++) {
            means[a] = state.means.sums[a] / state.means.counts[a];
        }
        return Learner.argmax(means, lowestArm, highestArm);
    }

    @Override
    public void update(PolicyState state, List<PlayedRound> played, double[] rewards) {
        for (int t = 0; t < rewards.length; t++) {
            update(state.means, played.get(t).arm(), rewards[t]);
        }
    }

    @Override
    public void recover(PolicyState state, RecoveryAction action, double decay) {
        switch (action) {
            case KEEP -> {}
            case DECAY -> {
                MeanState means = state.means;
                for (int a = 0; a < arms; a++) {
                    means.counts[a] = 1 + decay * (means.counts[a] - 1);
                    means.sums[a] = optimism + decay * (means.sums[a] - optimism);
                }
            }
            case RESET -> initialise(state);
        }
    }

    private static void scale(MeanState state, double factor) {
        for (int a = 0; a < state.counts.length; a++) {
            state.counts[a] = Discounting.discounted(state.counts[a], factor);
            state.sums[a] = Discounting.discounted(state.sums[a], factor);
        }
    }
}
