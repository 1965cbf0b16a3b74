package io.banditflow.core.policy;

import io.banditflow.core.util.Seeds;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.statistics.distribution.BetaDistribution;
import org.apache.commons.statistics.distribution.ContinuousDistribution;

/**
 * Beta–Bernoulli Thompson sampling (Thompson 1933; Agrawal and Goyal, "Analysis of Thompson
 * sampling for the multi-armed bandit problem", COLT 2012) for rewards in [0, 1] by the Bernoulli
 * trick (draw Y ~ Bernoulli(X), then α += Y, β += 1 − Y), with optional discounting of the
 * posteriors towards the prior for non-stationary markets (Raj and Kalyani, "Taming non-stationary
 * bandits: a Bayesian approach", 2017): before each update every arm's α and β move to α₀ + γ(α −
 * α₀) and β₀ + γ(β − β₀).
 *
 * <p><b>Propensity.</b> Thompson sampling plays arm a with probability P(a is the argmax of one
 * posterior draw), which has no closed form for K > 2. It is estimated from M further seeded draws
 * from the same posteriors, counting the decisive draw too: p̂ = (wins + 1) / (M + 1) for the
 * played arm, and (wins_i) / (M + 1) for the others, so the distribution sums to 1 and the logged
 * propensity is never 0 (importance weights stay finite, at most M + 1). Conditioned on the arm
 * having been played, p̂ is biased upwards by at most 1 / (M + 1); its standard error is √(p(1 − p)
 * / M). With the default M = 1,000: bias ≤ 0.001, standard error ≤ 0.016.
 *
 * <p>Lifecycle ({@link Learner}): every arm starts at the prior Beta(α₀, β₀); each decision draws
 * the allowed arms' posteriors and plays the largest draw, with the Monte Carlo propensities of the
 * allowed arms (logged error: the standard error plus the bias bound); each round of a complete
 * batch updates the played arm, its Bernoulli draw seeded by the decision id; a drift recovery
 * moves the posteriors a share 1 − ρ of the way back to the prior. The algorithm is named {@code
 * beta-thompson}. Randomness comes only from the seeds given.
 */
public final class BetaThompson implements Learner {
    private static final LearnerParameter PRIOR_ALPHA =
            LearnerParameter.number("priorAlpha", 1, 1e-9, 1e6, "α of every bid's Beta prior");
    private static final LearnerParameter PRIOR_BETA =
            LearnerParameter.number("priorBeta", 1, 1e-9, 1e6, "β of every bid's Beta prior");
    private static final LearnerParameter PROPENSITY_DRAWS =
            LearnerParameter.whole(
                    "propensityDraws",
                    1_000,
                    1,
                    1_000_000,
                    "M, posterior draws behind each propensity estimate");

    /** Beta–Bernoulli Thompson sampling. */
    public static final LearnerKind KIND =
            new LearnerKind(
                    "beta-thompson",
                    "Thompson sampling of a Beta posterior per bid over the normalised reward",
                    List.of(
                            PRIOR_ALPHA,
                            PRIOR_BETA,
                            LearnerParameter.discount(1),
                            PROPENSITY_DRAWS),
                    (settings, grid, d) ->
                            new BetaThompson(
                                    grid.size(),
                                    settings.get(PRIOR_ALPHA.key()),
                                    settings.get(PRIOR_BETA.key()),
                                    settings.get("discount"),
                                    (int) settings.get(PROPENSITY_DRAWS.key()),
                                    settings.seed()));

    private final long seed;
    private final int arms;
    private final double priorAlpha;
    private final double priorBeta;
    private final double discount;
    private final int propensityDraws;

    public BetaThompson(
            int arms, double priorAlpha, double priorBeta, double discount, int propensityDraws) {
        this(arms, priorAlpha, priorBeta, discount, propensityDraws, 0);
    }

    /**
     * @param seed salts the Bernoulli draws of {@link Learner#update}, which derive from each
     *     round's decision id
     */
    public BetaThompson(
            int arms,
            double priorAlpha,
            double priorBeta,
            double discount,
            int propensityDraws,
            long seed) {
        if (arms < 2 || !(priorAlpha > 0) || !(priorBeta > 0)) {
            throw new IllegalArgumentException("need two arms and a proper Beta prior");
        }
        if (!(discount > 0 && discount <= 1) || propensityDraws < 1) {
            throw new IllegalArgumentException("need 0 < discount <= 1 and propensityDraws >= 1");
        }
        this.arms = arms;
        this.priorAlpha = priorAlpha;
        this.priorBeta = priorBeta;
        this.discount = discount;
        this.propensityDraws = propensityDraws;
        this.seed = seed;
    }

    @Override
    public String algorithm() {
        return "beta-thompson";
    }

    @Override
    public boolean contextual() {
        return false;
    }

    @Override
    public void initialise(PolicyState state) {
        state.beta = newState();
    }

    /** Pooled evidence as pseudo-trials: α_i += N m_i, β_i += N (1 − m_i). */
    @Override
    public void initialise(PolicyState state, PooledPrior prior) {
        Learner.checkArms(prior, arms);
        initialise(state);
        for (int a = 0; a < arms; a++) {
            state.beta.alpha[a] += prior.strength() * prior.filledMean(a);
            state.beta.beta[a] += prior.strength() * (1 - prior.filledMean(a));
        }
    }

    @Override
    public boolean initialised(PolicyState state) {
        return state.beta != null && state.beta.alpha.length == arms;
    }

    @Override
    public Choice choose(
            PolicyState state, double[] context, int lowestArm, int highestArm, long seed) {
        return choose(state.beta, lowestArm, highestArm, seed);
    }

    @Override
    public int bestArm(PolicyState state, double[] context, int lowestArm, int highestArm) {
        double[] means = new double[arms];
        for (int a = 0; a < arms; a++) {
            means[a] = state.beta.alpha[a] / (state.beta.alpha[a] + state.beta.beta[a]);
        }
        return Learner.argmax(means, lowestArm, highestArm);
    }

    @Override
    public void update(PolicyState state, List<PlayedRound> played, double[] rewards) {
        for (int t = 0; t < rewards.length; t++) {
            PlayedRound round = played.get(t);
            update(state.beta, round.arm(), rewards[t], Seeds.of(seed, round.decisionId(), 0));
        }
    }

    @Override
    public void recover(PolicyState state, RecoveryAction action, double decay) {
        switch (action) {
            case KEEP -> {}
            case DECAY -> discount(state.beta, decay);
            case RESET -> initialise(state);
        }
    }

    private void discount(BetaState state, double factor) {
        for (int i = 0; i < arms; i++) {
            state.alpha[i] = priorAlpha + factor * (state.alpha[i] - priorAlpha);
            state.beta[i] = priorBeta + factor * (state.beta[i] - priorBeta);
        }
    }

    public BetaState newState() {
        BetaState state = new BetaState();
        state.alpha = new double[arms];
        state.beta = new double[arms];
        Arrays.fill(state.alpha, priorAlpha);
        Arrays.fill(state.beta, priorBeta);
        return state;
    }

    private static UniformRandomProvider random(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return random::nextLong;
    }

    public Choice choose(BetaState state, long seed) {
        return choose(state, 0, arms - 1, seed);
    }

    /** A choice among the arms {@code lowestArm..highestArm}, with their estimated propensities. */
    public Choice choose(BetaState state, int lowestArm, int highestArm, long seed) {
        UniformRandomProvider random = random(seed);
        ContinuousDistribution.Sampler[] samplers = new ContinuousDistribution.Sampler[arms];
        for (int i = lowestArm; i <= highestArm; i++) {
            samplers[i] = BetaDistribution.of(state.alpha[i], state.beta[i]).createSampler(random);
        }
        int arm = argmaxOfDraw(samplers, lowestArm, highestArm);
        double[] wins = new double[arms];
        wins[arm] = 1;
        for (int m = 0; m < propensityDraws; m++) {
            wins[argmaxOfDraw(samplers, lowestArm, highestArm)]++;
        }
        for (int i = 0; i < arms; i++) {
            wins[i] /= propensityDraws + 1;
        }
        double p = wins[arm];
        return new Choice(
                arm,
                wins,
                PropensityMethod.MONTE_CARLO,
                Math.sqrt(p * (1 - p) / propensityDraws) + 1.0 / (propensityDraws + 1));
    }

    private static int argmaxOfDraw(
            ContinuousDistribution.Sampler[] samplers, int lowestArm, int highestArm) {
        int best = lowestArm;
        double bestDraw = Double.NEGATIVE_INFINITY;
        for (int i = lowestArm; i <= highestArm; i++) {
            double draw = samplers[i].sample();
            if (draw > bestDraw) {
                bestDraw = draw;
                best = i;
            }
        }
        return best;
    }

    /** Applies the reward X in [0, 1] of the played arm; the Bernoulli draw uses {@code seed}. */
    public void update(BetaState state, int arm, double reward, long seed) {
        if (!(reward >= 0 && reward <= 1)) {
            throw new IllegalArgumentException("reward must be in [0, 1], got " + reward);
        }
        if (discount < 1) {
            discount(state, discount);
        }
        double y = new SplittableRandom(seed).nextDouble() < reward ? 1 : 0;
        state.alpha[arm] += y;
        state.beta[arm] += 1 - y;
    }
}
