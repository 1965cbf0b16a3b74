package io.banditflow.core.eval;

import java.util.List;

/**
 * Replay (rejection) evaluation of a learning policy on logs of a uniform-random logging policy
 * (Li, Chu, Langford, Wang, "Unbiased offline evaluation of contextual-bandit-based news article
 * recommendation algorithms", WSDM 2011): for each logged round the learner chooses; rounds where
 * it chose the logged action are kept, their reward counted and learned from, the others skipped.
 * On uniform logs the kept rounds are an unbiased sample of what the learner would have met online,
 * so their mean reward estimates its value; about 1/K of the rounds are kept.
 */
public final class Replay {
    /** A learner under replay: it chooses an action for a slot and learns from kept rounds. */
    public interface Learner {
        int choose(int position, long seed);

        void learn(int action, int position, double reward, long seed);
    }

    private static final double Z95 = 1.959963984540054;

    private Replay() {}

    /**
     * @return the mean reward of the kept rounds with its 95% interval (Wilson's score interval
     *     when every reward is 0 or 1, as clicks are: it stays within [0, 1] and is not empty with
     *     no or few successes; normal otherwise); the effective sample size is the number of kept
     *     rounds
     */
    public static Estimate evaluate(
            String name, List<LoggedFeedback> uniformLogs, Learner learner) {
        int kept = 0;
        double sum = 0;
        double squares = 0;
        boolean binary = true;
        for (int i = 0; i < uniformLogs.size(); i++) {
            LoggedFeedback f = uniformLogs.get(i);
            if (learner.choose(f.position(), i) != f.action()) {
                continue;
            }
            kept++;
            sum += f.reward();
            squares += f.reward() * f.reward();
            binary &= f.reward() == 0 || f.reward() == 1;
            learner.learn(f.action(), f.position(), f.reward(), i);
        }
        double mean = kept == 0 ? Double.NaN : sum / kept;
        if (binary && kept > 0) {
            double z2 = Z95 * Z95;
            double centre = (mean + z2 / (2 * kept)) / (1 + z2 / kept);
            double half =
                    Z95
                            / (1 + z2 / kept)
                            * Math.sqrt(mean * (1 - mean) / kept + z2 / (4.0 * kept * kept));
            return new Estimate(name, mean, centre - half, centre + half, kept);
        }
        double variance = kept < 2 ? Double.NaN : (squares - kept * mean * mean) / (kept - 1);
        double half = Z95 * Math.sqrt(Math.max(variance, 0) / kept);
        return new Estimate(name, mean, mean - half, mean + half, kept);
    }
}
