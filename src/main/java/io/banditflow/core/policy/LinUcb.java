package io.banditflow.core.policy;

import io.banditflow.core.util.Seeds;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Disjoint LinUCB (Li, Chu, Langford, Schapire, "A contextual-bandit approach to personalized news
 * article recommendation", WWW 2010, Algorithm 1), with the discounted variant of D-LinUCB (Russac,
 * Vernade, Cappé, "Weighted linear bandits for non-stationary environments", NeurIPS 2019) as the
 * brief writes it.
 *
 * <ul>
 *   <li>per arm: A_a = λI + Σ x xᵀ, b_a = Σ r x, θ_a = A_a⁻¹ b_a;
 *   <li>score_a = θ_aᵀ x + α √(xᵀ A_a⁻¹ x); the argmax is chosen, ties broken by a seeded draw; the
 *       choice is deterministic given the context, so its propensity is 1;
 *   <li>stationary update: A⁻¹ by Sherman–Morrison, A⁻¹ ← A⁻¹ − (A⁻¹x)(A⁻¹x)ᵀ / (1 + xᵀA⁻¹x), and
 *       recomputed from A by Cholesky every {@code refactorEvery} updates, so rounding errors
 *       cannot accumulate;
 *   <li>discounted update (γ &lt; 1): A ← γA + x xᵀ + (1 − γ)λI, b ← γb + r x; the added (1 − γ)λI
 *       is full rank, so A⁻¹ is recomputed by Cholesky at every update (O(d³)).
 * </ul>
 *
 * <p>Lifecycle ({@link Learner}): every arm starts at A = λI, b = 0; each decision plays the argmax
 * over the allowed arms for the round's context, so its propensity is exact (1, or 1/n among n tied
 * arms); each round of a complete batch updates the played arm with its logged context and reward;
 * a drift recovery decays A and b towards the start as one discount step of factor ρ would. The
 * algorithm is named {@code discounted-linucb} when γ &lt; 1, {@code linucb} otherwise. Holds
 * configuration only; the state is the caller's.
 */
public final class LinUcb implements Learner {
    private final int arms;
    private final int dimension;
    private final double alpha;
    private final double ridge;
    private final double discount;
    private final int refactorEvery;

    /**
     * @param alpha α, the width of the confidence bonus
     * @param ridge λ > 0, the prior precision
     * @param discount γ in (0, 1]; 1 is stationary LinUCB
     * @param refactorEvery recompute A⁻¹ from A after this many Sherman–Morrison updates
     */
    public LinUcb(
            int arms,
            int dimension,
            double alpha,
            double ridge,
            double discount,
            int refactorEvery) {
        if (arms < 2 || dimension < 1) {
            throw new IllegalArgumentException("need at least two arms and one feature");
        }
        if (!(alpha >= 0)
                || !(ridge > 0)
                || !(discount > 0 && discount <= 1)
                || refactorEvery < 1) {
            throw new IllegalArgumentException(
                    "need alpha >= 0, ridge > 0, 0 < discount <= 1, refactorEvery >= 1");
        }
        this.arms = arms;
        this.dimension = dimension;
        this.alpha = alpha;
        this.ridge = ridge;
        this.discount = discount;
        this.refactorEvery = refactorEvery;
    }

    @Override
    public String algorithm() {
        return discount < 1 ? "discounted-linucb" : "linucb";
    }

    @Override
    public boolean contextual() {
        return true;
    }

    @Override
    public void initialise(PolicyState state) {
        state.linear = newState();
    }

    /**
     * Pooled evidence as N observations of the bias-only context e₀ with reward m_i: A_i += N
     * e₀e₀ᵀ, b_i += N m_i e₀. A starts diagonal, so its inverse stays exact.
     */
    @Override
    public void initialise(PolicyState state, PooledPrior prior) {
        Learner.checkArms(prior, arms);
        initialise(state);
        for (int arm = 0; arm < arms; arm++) {
            state.linear.a[arm][0] += prior.strength();
            state.linear.aInverse[arm][0] = 1 / state.linear.a[arm][0];
            state.linear.b[arm][0] += prior.strength() * prior.filledMean(arm);
        }
    }

    @Override
    public boolean initialised(PolicyState state) {
        return fits(state.linear);
    }

    boolean fits(LinUcbState linear) {
        return linear != null
                && linear.b.length == arms
                && linear.b[0].length == dimension
                && linear.sinceRefactor != null;
    }

    @Override
    public Choice choose(
            PolicyState state, double[] context, int lowestArm, int highestArm, long seed) {
        double[] scores = scores(state.linear, context);
        double best = Double.NEGATIVE_INFINITY;
        for (int arm = lowestArm; arm <= highestArm; arm++) {
            best = Math.max(best, scores[arm]);
        }
        int tied = 0;
        for (int arm = lowestArm; arm <= highestArm; arm++) {
            tied += scores[arm] >= best - 1e-12 ? 1 : 0;
        }
        double[] probabilities = new double[arms];
        int pick = (int) (Seeds.uniform(seed) * tied);
        int chosen = -1;
        for (int arm = lowestArm; arm <= highestArm; arm++) {
            if (scores[arm] >= best - 1e-12) {
                probabilities[arm] = 1.0 / tied;
                if (pick-- == 0) {
                    chosen = arm;
                }
            }
        }
        return new Choice(chosen, probabilities, PropensityMethod.EXACT, 0);
    }

    /**
     * Rounds logged without a context of this size (chosen by another learner before a switch of
     * learners) teach nothing about θ and are skipped.
     */
    @Override
    public int bestArm(PolicyState state, double[] context, int lowestArm, int highestArm) {
        return Learner.argmax(means(state.linear, context), lowestArm, highestArm);
    }

    @Override
    public void update(PolicyState state, List<PlayedRound> played, double[] rewards) {
        for (int t = 0; t < rewards.length; t++) {
            PlayedRound round = played.get(t);
            if (round.context() != null && round.context().length == dimension) {
                update(state.linear, round.arm(), round.context(), rewards[t]);
            }
        }
    }

    /** Decay is one discount step without an observation: A ← ρA + (1 − ρ)λI, b ← ρb. */
    @Override
    public void recover(PolicyState state, RecoveryAction action, double decay) {
        switch (action) {
            case KEEP -> {}
            case DECAY -> {
                for (int arm = 0; arm < arms; arm++) {
                    double[] a = state.linear.a[arm];
                    for (int i = 0; i < a.length; i++) {
                        a[i] *= decay;
                    }
                    for (int i = 0; i < dimension; i++) {
                        a[i * dimension + i] += (1 - decay) * ridge;
                        state.linear.b[arm][i] *= decay;
                    }
                    refactor(state.linear, arm);
                }
            }
            case RESET -> initialise(state);
        }
    }

    public LinUcbState newState() {
        LinUcbState state = new LinUcbState();
        state.a = new double[arms][];
        state.aInverse = new double[arms][];
        state.b = new double[arms][];
        state.sinceRefactor = new int[arms];
        for (int arm = 0; arm < arms; arm++) {
            state.a[arm] = scaledIdentity(ridge);
            state.aInverse[arm] = scaledIdentity(1 / ridge);
            state.b[arm] = new double[dimension];
        }
        return state;
    }

    private double[] scaledIdentity(double value) {
        double[] m = new double[dimension * dimension];
        for (int i = 0; i < dimension; i++) {
            m[i * dimension + i] = value;
        }
        return m;
    }

    /** The estimated reward θ̂ᵀx of every arm for context x, without the confidence bonus. */
    public double[] means(LinUcbState state, double[] x) {
        checkContext(x);
        double[] means = new double[arms];
        double[] u = new double[dimension];
        for (int arm = 0; arm < arms; arm++) {
            multiply(state.aInverse[arm], x, u);
            means[arm] = dot(state.b[arm], u);
        }
        return means;
    }

    /** The upper confidence bound of every arm for context x. */
    public double[] scores(LinUcbState state, double[] x) {
        checkContext(x);
        double[] scores = new double[arms];
        double[] u = new double[dimension];
        for (int arm = 0; arm < arms; arm++) {
            multiply(state.aInverse[arm], x, u); // u = A⁻¹x, so θᵀx = bᵀA⁻¹x = bᵀu (A⁻¹ symmetric)
            double mean = dot(state.b[arm], u);
            double variance = Math.max(0, dot(x, u));
            scores[arm] = mean + alpha * Math.sqrt(variance);
        }
        return scores;
    }

    /** The arm with the highest score; ties (within 1e-12) broken by a draw from {@code seed}. */
    public int choose(LinUcbState state, double[] x, long seed) {
        double[] scores = scores(state, x);
        double best = Double.NEGATIVE_INFINITY;
        for (double s : scores) {
            best = Math.max(best, s);
        }
        int tied = 0;
        for (double s : scores) {
            tied += s >= best - 1e-12 ? 1 : 0;
        }
        int pick = (int) (Seeds.uniform(seed) * tied);
        for (int arm = 0; arm < arms; arm++) {
            if (scores[arm] >= best - 1e-12 && pick-- == 0) {
                return arm;
            }
        }
        throw new IllegalStateException("no arm chosen");
    }

    public void update(LinUcbState state, int arm, double[] x, double reward) {
        checkContext(x);
        double[] a = state.a[arm];
        double[] b = state.b[arm];
        if (discount < 1) {
            for (int i = 0; i < a.length; i++) {
                a[i] *= discount;
            }
            for (int i = 0; i < dimension; i++) {
                a[i * dimension + i] += (1 - discount) * ridge;
                b[i] *= discount;
            }
        }
        for (int i = 0; i < dimension; i++) {
            for (int j = 0; j < dimension; j++) {
                a[i * dimension + j] += x[i] * x[j];
            }
            b[i] += reward * x[i];
        }
        if (discount < 1 || ++state.sinceRefactor[arm] >= refactorEvery) {
            refactor(state, arm);
        } else {
            shermanMorrison(state.aInverse[arm], x);
        }
    }

    private void shermanMorrison(double[] inverse, double[] x) {
        double[] u = new double[dimension];
        multiply(inverse, x, u);
        double denominator = 1 + dot(x, u);
        for (int i = 0; i < dimension; i++) {
            for (int j = 0; j < dimension; j++) {
                inverse[i * dimension + j] -= u[i] * u[j] / denominator;
            }
        }
    }

    /** A⁻¹ from A by Cholesky (A is symmetric positive definite: λI plus outer products). */
    private void refactor(LinUcbState state, int arm) {
        DMatrixRMaj a = DMatrixRMaj.wrap(dimension, dimension, state.a[arm].clone());
        DMatrixRMaj inverse = DMatrixRMaj.wrap(dimension, dimension, state.aInverse[arm]);
        if (!CommonOps_DDRM.invertSPD(a, inverse)) {
            throw new IllegalStateException("A is not positive definite");
        }
        state.sinceRefactor[arm] = 0;
    }

    private void multiply(double[] matrix, double[] x, double[] out) {
        for (int i = 0; i < dimension; i++) {
            double sum = 0;
            for (int j = 0; j < dimension; j++) {
                sum += matrix[i * dimension + j] * x[j];
            }
            out[i] = sum;
        }
    }

    private static double dot(double[] u, double[] v) {
        double sum = 0;
        for (int i = 0; i < u.length; i++) {
            sum += u[i] * v[i];
        }
        return sum;
    }

    private void checkContext(double[] x) {
        if (x.length != dimension) {
            throw new IllegalArgumentException(
                    "context has " + x.length + " features, expected " + dimension);
        }
    }
}
