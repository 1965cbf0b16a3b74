package io.banditflow.core.eval;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.statistics.distribution.BetaDistribution;
import org.apache.commons.statistics.distribution.ContinuousDistribution;

/**
 * The slot probabilities of a Bernoulli Thompson-sampling ranker: each round it draws θ_a ~
 * Beta(α_a, β_a) for every action and shows the actions with the largest draws in slots 0, 1, … (as
 * ZOZOTOWN's production policy in the Open Bandit Dataset does). π(a | slot k) is the chance that a
 * has the (k+1)-th largest draw; it has no closed form, so it is estimated from {@code samples}
 * seeded draws (Beta samplers of Apache Commons Statistics). The standard error of each probability
 * is at most 0.5 / √samples.
 */
public final class ThompsonRanking implements ActionDistribution {
    private final double[][] probability;

    private ThompsonRanking(double[][] probability) {
        this.probability = probability;
    }

    public static ThompsonRanking of(
            double[] alpha, double[] beta, int slots, int samples, long seed) {
        int actions = alpha.length;
        SplittableRandom random = new SplittableRandom(seed);
        UniformRandomProvider rng = random::nextLong;
        ContinuousDistribution.Sampler[] samplers = new ContinuousDistribution.Sampler[actions];
        for (int a = 0; a < actions; a++) {
            samplers[a] = BetaDistribution.of(alpha[a], beta[a]).createSampler(rng);
        }
        double[][] counts = new double[actions][slots];
        double[] theta = new double[actions];
        Integer[] order = new Integer[actions];
        for (int s = 0; s < samples; s++) {
            for (int a = 0; a < actions; a++) {
                theta[a] = samplers[a].sample();
                order[a] = a;
            }
            Arrays.sort(order, (x, y) -> Double.compare(theta[y], theta[x]));
            for (int k = 0; k < slots; k++) {
                counts[order[k]][k]++;
            }
        }
        for (double[] row : counts) {
            for (int k = 0; k < slots; k++) {
                row[k] /= samples;
            }
        }
        return new ThompsonRanking(counts);
    }

    @Override
    public double probability(int action, int position) {
        return probability[action][position];
    }
}
