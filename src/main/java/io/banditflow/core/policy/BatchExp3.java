package io.banditflow.core.policy;

import io.banditflow.core.util.Seeds;
import java.util.Arrays;
import java.util.List;

/**
 * Batch EXP3: EXP3 (Auer, Cesa-Bianchi, Freund, Schapire, "The nonstochastic multiarmed bandit
 * problem", SIAM J. Comput. 32(1), 2002) extended to batched and delayed feedback, with the
 * loss-based importance-weighted estimator and, optionally, the implicit exploration of EXP3-IX
 * (Neu, "Explore no more", NeurIPS 2015).
 *
 * <p>Contract (docs/algorithms.md, "Batch EXP3"):
 *
 * <ul>
 *   <li>policy: P_i = (1 − γ) · exp(η S_i) / Σ_j exp(η S_j) + γ / K, computed with max(S)
 *       subtracted;
 *   <li>update, for every round t of a complete batch and every arm i: S_i += 1 − 1{A_t = i} · (1 −
 *       X_t) / (P_t(i) + γ_IX), where P_t(A_t) is the logged propensity.
 * </ul>
 *
 * <p>When guardrails restricted a round to a range of arms, only the arms in that range are
 * updated: an arm that could not be played has no estimate, and crediting it with 1 would make it
 * look perfect once the restriction is lifted. Such arms fall behind instead, which errs on the
 * cautious side.
 *
 * <p>Lifecycle ({@link Learner}): the scores start at zero (uniform) or at a {@link BidPrior}'s
 * scores; each decision samples from P renormalised over the allowed arms, so the propensity is
 * exact; each complete batch applies the update above; a drift recovery decays the scores towards
 * the start. The algorithm is named {@code exp3-ix} when γ_IX > 0, {@code batch-exp3} otherwise.
 * Holds configuration only.
 */
public final class BatchExp3 implements Learner {
    private static final LearnerParameter LEARNING_RATE =
            LearnerParameter.number("learningRate", 0.02, 1e-9, 100, "η, the learning rate");
    private static final LearnerParameter UNIFORM_MIX =
            LearnerParameter.number(
                    "uniformMix", 0.05, 0, 1, "γ, probability spread uniformly over all bids");
    private static final LearnerParameter IMPLICIT_EXPLORATION =
            LearnerParameter.number(
                    "implicitExploration",
                    0.005,
                    1e-9,
                    100,
                    "γ_IX > 0; keep far below the smallest propensities (docs/learners.md)");

    /** Batch EXP3, paper-exact. */
    public static final LearnerKind BATCH_EXP3 =
            new LearnerKind(
                    "batch-exp3",
                    "EXP3 over batched, delayed feedback with a conservative start (docs/algorithms.md)",
                    concat(List.of(LEARNING_RATE, UNIFORM_MIX), BidPrior.PARAMETERS),
                    BatchExp3::create);

    /** Batch EXP3 with EXP3-IX's implicit exploration. */
    public static final LearnerKind EXP3_IX =
            new LearnerKind(
                    "exp3-ix",
                    "Batch EXP3 with implicit exploration: lower-variance loss estimates",
                    concat(
                            List.of(LEARNING_RATE, UNIFORM_MIX, IMPLICIT_EXPLORATION),
                            BidPrior.PARAMETERS),
                    BatchExp3::create);

    private static List<LearnerParameter> concat(
            List<LearnerParameter> first, List<LearnerParameter> second) {
        List<LearnerParameter> all = new java.util.ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static BatchExp3 create(
            LearnerSettings settings, io.banditflow.core.bid.BidGrid grid, int contextDimension) {
        double learningRate = settings.get(LEARNING_RATE.key());
        Exp3Parameters exp3 =
                new Exp3Parameters(
                        learningRate,
                        settings.get(UNIFORM_MIX.key()),
                        settings.has(IMPLICIT_EXPLORATION.key())
                                ? settings.get(IMPLICIT_EXPLORATION.key())
                                : 0);
        BidPrior prior = BidPrior.of(settings);
        return new BatchExp3(
                grid.size(), exp3, prior == null ? null : prior.initialScores(grid, learningRate));
    }

    private final int arms;
    private final Exp3Parameters parameters;
    private final double[] startScores;

    public BatchExp3(int arms, Exp3Parameters parameters) {
        this(arms, parameters, null);
    }

    /**
     * @param startScores the scores of a new product (a prior), or null for the uniform start
     */
    public BatchExp3(int arms, Exp3Parameters parameters, double[] startScores) {
        if (arms < 2) {
            throw new IllegalArgumentException("EXP3 needs at least two arms");
        }
        if (startScores != null && startScores.length != arms) {
            throw new IllegalArgumentException("one start score per arm");
        }
        this.arms = arms;
        this.parameters = parameters;
        this.startScores = startScores == null ? new double[arms] : startScores.clone();
    }

    @Override
    public String algorithm() {
        return parameters.implicitExploration() > 0 ? "exp3-ix" : "batch-exp3";
    }

    @Override
    public boolean contextual() {
        return false;
    }

    @Override
    public void initialise(PolicyState state) {
        state.scores = startScores.clone();
    }

    /**
     * Pooled evidence as the scores N rounds of uniform play would give in expectation: every round
     * adds X_i to S_i on average, so S_i += N · m_i, with m_i the arm's mean filled to N rounds by
     * the category's.
     */
    @Override
    public void initialise(PolicyState state, PooledPrior prior) {
        Learner.checkArms(prior, arms);
        initialise(state);
        for (int i = 0; i < arms; i++) {
            state.scores[i] += prior.strength() * prior.filledMean(i);
        }
    }

    @Override
    public boolean initialised(PolicyState state) {
        return state.scores != null && state.scores.length == arms;
    }

    @Override
    public Choice choose(
            PolicyState state, double[] context, int lowestArm, int highestArm, long seed) {
        double[] p = restricted(probabilities(state.scores), lowestArm, highestArm);
        return new Choice(sample(p, seed), p, PropensityMethod.EXACT, 0);
    }

    /** {@code probabilities} renormalised over {@code lowestArm..highestArm}, zero elsewhere. */
    static double[] restricted(double[] probabilities, int lowestArm, int highestArm) {
        double allowed = 0;
        for (int i = lowestArm; i <= highestArm; i++) {
            allowed += probabilities[i];
        }
        double[] p = new double[probabilities.length];
        for (int i = lowestArm; i <= highestArm; i++) {
            p[i] = probabilities[i] / allowed;
        }
        return p;
    }

    @Override
    public int bestArm(PolicyState state, double[] context, int lowestArm, int highestArm) {
        return Learner.argmax(state.scores, lowestArm, highestArm);
    }

    @Override
    public void update(PolicyState state, List<PlayedRound> played, double[] rewards) {
        update(state.scores, played, rewards);
    }

    /** Decay moves the scores to ρ·S + (1 − ρ)·S₀: differences shrink, the policy flattens. */
    @Override
    public void recover(PolicyState state, RecoveryAction action, double decay) {
        switch (action) {
            case KEEP -> {}
            case DECAY -> {
                for (int i = 0; i < arms; i++) {
                    state.scores[i] = decay * state.scores[i] + (1 - decay) * startScores[i];
                }
            }
            case RESET -> state.scores = startScores.clone();
        }
    }

    public int arms() {
        return arms;
    }

    public Exp3Parameters parameters() {
        return parameters;
    }

    public double[] initialScores() {
        return Arrays.copyOf(startScores, arms);
    }

    public double[] probabilities(double[] scores) {
        double max = Double.NEGATIVE_INFINITY;
        for (double s : scores) {
            max = Math.max(max, s);
        }
        double[] p = new double[arms];
        double sum = 0;
        for (int i = 0; i < arms; i++) {
            p[i] = Math.exp(parameters.learningRate() * (scores[i] - max));
            sum += p[i];
        }
        double gamma = parameters.uniformMix();
        for (int i = 0; i < arms; i++) {
            p[i] = (1 - gamma) * p[i] / sum + gamma / arms;
        }
        return p;
    }

    /** Inverse-CDF sampling from a seeded uniform: the same seed always picks the same arm. */
    public static int sample(double[] probabilities, long seed) {
        double u = Seeds.uniform(seed);
        double cumulative = 0;
        for (int i = 0; i < probabilities.length; i++) {
            cumulative += probabilities[i];
            if (u < cumulative) {
                return i;
            }
        }
        // Rounding may leave the cumulative sum a hair below 1: the last arm with mass takes it.
        for (int i = probabilities.length - 1; i > 0; i--) {
            if (probabilities[i] > 0) {
                return i;
            }
        }
        return 0;
    }

    /**
     * Applies one batch in place.
     *
     * @param scores S, updated in place
     * @param played the rounds of the batch that were played, with their logged propensities
     * @param rewards X_t in [0, 1], aligned with {@code played}
     */
    public void update(double[] scores, List<PlayedRound> played, double[] rewards) {
        if (played.size() != rewards.length) {
            throw new IllegalArgumentException("one reward per played round");
        }
        double ix = parameters.implicitExploration();
        for (int t = 0; t < rewards.length; t++) {
            double reward = rewards[t];
            if (!(reward >= 0 && reward <= 1)) {
                throw new IllegalArgumentException("rewards must be in [0, 1], got " + reward);
            }
            PlayedRound round = played.get(t);
            int highest = Math.min(arms - 1, round.highestArm());
            for (int i = Math.max(0, round.lowestArm()); i <= highest; i++) {
                scores[i] += 1;
            }
            scores[round.arm()] -= (1 - reward) / (round.propensity() + ix);
        }
    }
}
