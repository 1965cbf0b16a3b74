package io.banditflow.core.policy;

import io.banditflow.core.util.Seeds;
import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

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
 *   <li>discounted update (γ &lt; 1): A ← γA + x xᵀ + (1 − γ)λI, b ← γb + r x.
 * </ul>
 *
 * <p>A is kept as its Cholesky factor L ({@link LinUcbState}): with y = L⁻¹x and z = L⁻¹b, θᵀx =
 * zᵀy and xᵀA⁻¹x = yᵀy, two forward substitutions (d² operations, as a product with A⁻¹ would be);
 * adding x xᵀ is a rank-one update of L (LINPACK's dchud, O(d²), numerically stable); the
 * discount's (1 − γ)λI is d rank-one updates, O(d³) as any recomputation would be.
 *
 * <p>Lifecycle ({@link Learner}): every arm starts at A = λI, b = 0; each decision plays the argmax
 * over the allowed arms for the round's context, so its propensity is exact (1, or 1/n among n tied
 * arms); each round of a complete batch updates the played arm with its logged context and reward;
 * a drift recovery decays A and b towards the start as one discount step of factor ρ would. The
 * algorithm is named {@code discounted-linucb} when γ &lt; 1, {@code linucb} otherwise. Holds
 * configuration only; the state is the caller's.
 */
public final class LinUcb implements Learner {
    private static final LearnerParameter ALPHA =
            LearnerParameter.number("alpha", 0.5, 0, 100, "α, width of the confidence bonus");

    /** LinUCB over the round's context. */
    public static final LearnerKind LINUCB =
            new LearnerKind(
                    "linucb",
                    "LinUCB, one ridge regression per bid over the round's context",
                    List.of(ALPHA, LearnerParameter.ridge()),
                    (settings, grid, d) ->
                            new LinUcb(
                                    grid.size(),
                                    d,
                                    settings.get(ALPHA.key()),
                                    settings.get("ridge"),
                                    1));

    /** LinUCB that forgets: old evidence decays by γ per update. */
    public static final LearnerKind DISCOUNTED_LINUCB =
            new LearnerKind(
                    "discounted-linucb",
                    "LinUCB whose evidence decays by γ < 1 per update, for markets that move",
                    List.of(ALPHA, LearnerParameter.ridge(), LearnerParameter.discount(0.99)),
                    (settings, grid, d) ->
                            new LinUcb(
                                    grid.size(),
                                    d,
                                    settings.get(ALPHA.key()),
                                    settings.get("ridge"),
                                    settings.get("discount")),
                    settings ->
                            settings.get("discount") < 1
                                    ? java.util.Optional.empty()
                                    : java.util.Optional.of(
                                            new LearnerKind.Problem(
                                                    "discount",
                                                    "discounted-linucb needs a discount below 1")));

    private final int arms;
    private final int dimension;
    private final double alpha;
    private final double ridge;
    private final double discount;

    /**
     * @param alpha α, the width of the confidence bonus
     * @param ridge λ > 0, the prior precision
     * @param discount γ in (0, 1]; 1 is stationary LinUCB
     */
    public LinUcb(int arms, int dimension, double alpha, double ridge, double discount) {
        if (arms < 2 || dimension < 1) {
            throw new IllegalArgumentException("need at least two arms and one feature");
        }
        if (!(alpha >= 0) || !(ridge > 0) || !(discount > 0 && discount <= 1)) {
            throw new IllegalArgumentException("need alpha >= 0, ridge > 0, 0 < discount <= 1");
        }
        this.arms = arms;
        this.dimension = dimension;
        this.alpha = alpha;
        this.ridge = ridge;
        this.discount = discount;
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
     * e₀e₀ᵀ, b_i += N m_i e₀. A starts diagonal, so only L's first entry changes: √(λ + N).
     */
    @Override
    public void initialise(PolicyState state, PooledPrior prior) {
        Learner.checkArms(prior, arms);
        initialise(state);
        for (int arm = 0; arm < arms; arm++) {
            state.linear.factor[arm][0] = Math.sqrt(ridge + prior.strength());
            state.linear.b[arm][0] += prior.strength() * prior.filledMean(arm);
        }
    }

    @Override
    public boolean initialised(PolicyState state) {
        return fits(state.linear);
    }

    /** A state of this learner's arms and dimension, in either format. */
    boolean fits(LinUcbState linear) {
        return linear != null
                && linear.b != null
                && linear.b.length == arms
                && linear.b[0].length == dimension
                && (linear.factor != null || linear.a != null);
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
                factored(state.linear);
                for (int arm = 0; arm < arms; arm++) {
                    discount(state.linear, arm, decay);
                }
            }
            case RESET -> initialise(state);
        }
    }

    public LinUcbState newState() {
        LinUcbState state = new LinUcbState();
        state.factor = new double[arms][];
        state.b = new double[arms][];
        for (int arm = 0; arm < arms; arm++) {
            state.factor[arm] = startFactor();
            state.b[arm] = new double[dimension];
        }
        return state;
    }

    /** The factor of A = λI: √λ on the diagonal. */
    private double[] startFactor() {
        double[] l = new double[packedSize()];
        for (int i = 0; i < dimension; i++) {
            l[diagonal(i)] = Math.sqrt(ridge);
        }
        return l;
    }

    /** The estimated reward θ̂ᵀx of every arm for context x, without the confidence bonus. */
    public double[] means(LinUcbState state, double[] x) {
        return meansAndVariances(state, x)[0];
    }

    /** The upper confidence bound of every arm for context x. */
    public double[] scores(LinUcbState state, double[] x) {
        double[][] estimates = meansAndVariances(state, x);
        double[] scores = new double[arms];
        for (int arm = 0; arm < arms; arm++) {
            scores[arm] = estimates[0][arm] + alpha * Math.sqrt(estimates[1][arm]);
        }
        return scores;
    }

    /** θ̂_aᵀx and xᵀA_a⁻¹x of every arm a, as two rows. */
    public double[][] meansAndVariances(LinUcbState state, double[] x) {
        checkContext(x);
        factored(state);
        double[][] estimates = new double[2][arms];
        double[] y = new double[dimension];
        double[] z = new double[dimension];
        for (int arm = 0; arm < arms; arm++) {
            solveLower(state.factor[arm], x, y, state.b[arm], z);
            estimates[0][arm] = dot(z, y); // bᵀA⁻¹x = (L⁻¹b)ᵀ(L⁻¹x)
            estimates[1][arm] = dot(y, y);
        }
        return estimates;
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
        factored(state);
        if (discount < 1) {
            discount(state, arm, discount);
        }
        addOuterProduct(state.factor[arm], x.clone());
        double[] b = state.b[arm];
        for (int i = 0; i < dimension; i++) {
            b[i] += reward * x[i];
        }
    }

    /** A of one arm (row-major), LLᵀ: for inspection and tests. */
    public double[] gram(LinUcbState state, int arm) {
        factored(state);
        double[] l = state.factor[arm];
        double[] a = new double[dimension * dimension];
        for (int i = 0; i < dimension; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = 0;
                for (int k = 0; k <= j; k++) {
                    sum += l[rowStart(i) + k] * l[rowStart(j) + k];
                }
                a[i * dimension + j] = sum;
                a[j * dimension + i] = sum;
            }
        }
        return a;
    }

    /** A ← γA + (1 − γ)λI, b ← γb: L scaled by √γ, then one rank-one update per axis. */
    private void discount(LinUcbState state, int arm, double factor) {
        if (factor == 0) { // all forgotten: the start, which rotations against L = 0 cannot reach
            state.factor[arm] = startFactor();
            Arrays.fill(state.b[arm], 0);
            return;
        }
        double[] l = state.factor[arm];
        double scale = Math.sqrt(factor);
        for (int i = 0; i < l.length; i++) {
            l[i] *= scale;
        }
        double added = Math.sqrt((1 - factor) * ridge);
        double[] axis = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            Arrays.fill(axis, 0);
            axis[i] = added;
            addOuterProduct(l, axis);
            state.b[arm][i] *= factor;
        }
    }

    /**
     * LLᵀ ← LLᵀ + v vᵀ in place, by Givens rotations column by column (LINPACK dchud); {@code v} is
     * overwritten. Entries of v before its first non-zero leave their columns unchanged.
     */
    private void addOuterProduct(double[] l, double[] v) {
        for (int k = 0; k < dimension; k++) {
            if (v[k] == 0) {
                continue;
            }
            int kk = diagonal(k);
            // sqrt, not Math.hypot: no overflow at these magnitudes, and hypot is 20× slower
            double r = Math.sqrt(l[kk] * l[kk] + v[k] * v[k]);
            double c = r / l[kk];
            double s = v[k] / l[kk];
            l[kk] = r;
            for (int i = k + 1; i < dimension; i++) {
                int ik = rowStart(i) + k;
                l[ik] = (l[ik] + s * v[i]) / c;
                v[i] = c * v[i] - s * l[ik];
            }
        }
    }

    /**
     * y = L⁻¹x and z = L⁻¹c by forward substitution over the packed rows of L, both in one pass:
     * two independent chains of dependent operations run side by side, and L is read once.
     */
    private void solveLower(double[] l, double[] x, double[] y, double[] c, double[] z) {
        for (int i = 0; i < dimension; i++) {
            int row = rowStart(i);
            double sumY = x[i];
            double sumZ = c[i];
            for (int j = 0; j < i; j++) {
                double lij = l[row + j];
                sumY -= lij * y[j];
                sumZ -= lij * z[j];
            }
            double diagonal = l[row + i];
            y[i] = sumY / diagonal;
            z[i] = sumZ / diagonal;
        }
    }

    /** Index of L_i0 in the packed rows: rows 0..i−1 hold i(i + 1)/2 entries. */
    private static int rowStart(int i) {
        return i * (i + 1) / 2;
    }

    private static int diagonal(int i) {
        return rowStart(i) + i;
    }

    private int packedSize() {
        return dimension * (dimension + 1) / 2;
    }

    /** A state restored from before the factor holds A: factor it once (A is positive definite). */
    private void factored(LinUcbState state) {
        if (state.factor != null) {
            return;
        }
        CholeskyDecomposition_F64<DMatrixRMaj> cholesky =
                DecompositionFactory_DDRM.chol(dimension, true);
        state.factor = new double[arms][];
        for (int arm = 0; arm < arms; arm++) {
            if (!cholesky.decompose(DMatrixRMaj.wrap(dimension, dimension, state.a[arm].clone()))) {
                throw new IllegalStateException("A is not positive definite");
            }
            DMatrixRMaj lower = cholesky.getT(null);
            double[] packed = new double[packedSize()];
            int index = 0;
            for (int i = 0; i < dimension; i++) {
                for (int j = 0; j <= i; j++) {
                    packed[index++] = lower.get(i, j);
                }
            }
            state.factor[arm] = packed;
        }
        state.a = null;
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
