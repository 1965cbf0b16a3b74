package io.banditflow.core.eval;

import java.util.List;

/**
 * Off-policy estimators of a policy's value from logged feedback (docs/algorithms.md, "Offline
 * evaluation"), with w_i = π(a_i | x_i) / p_i:
 *
 * <ul>
 *   <li>IPS = mean(r_i · w_i);
 *   <li>SNIPS = Σ r_i w_i / Σ w_i (interval by the delta method);
 *   <li>DM = mean over rounds of Σ_a π(a | x_i) r̂(x_i, a);
 *   <li>DR = DM + mean(w_i · (r_i − r̂(x_i, a_i))).
 * </ul>
 *
 * <p>Intervals are 95% normal approximations over the per-round terms, clipped to the range of the
 * logged rewards ({@link Estimate}); for DM and DR they treat the reward model as fixed (it was
 * fitted on the same logs), so they understate DM's uncertainty when the model is poor. Below
 * {@link Estimate#MIN_RELIABLE_ESS} effective rounds an interval is flagged unreliable. Here the
 * context x is the slot: the estimators are written for the slot-level logs of a ranking (one row
 * per shown item, as in the Open Bandit Dataset).
 */
public final class OffPolicyEstimators {
    private static final double Z95 = 1.959963984540054;

    private OffPolicyEstimators() {}

    /** A candidate's distribution for each logged row: π(a | row i). */
    @FunctionalInterface
    public interface RowPolicy {
        double probability(int row, int action);
    }

    /** The same distribution for every row of a slot. */
    public static RowPolicy perSlot(List<LoggedFeedback> logs, ActionDistribution policy) {
        return (row, action) -> policy.probability(action, logs.get(row).position());
    }

    public static Estimate ips(List<LoggedFeedback> logs, ActionDistribution policy) {
        return ipsPerRow(logs, perSlot(logs, policy));
    }

    public static Estimate snips(List<LoggedFeedback> logs, ActionDistribution policy) {
        return snipsPerRow(logs, perSlot(logs, policy));
    }

    public static Estimate dm(
            List<LoggedFeedback> logs, ActionDistribution policy, RewardModel model, int actions) {
        return dmPerRow(logs, perSlot(logs, policy), model, actions);
    }

    public static Estimate dr(
            List<LoggedFeedback> logs, ActionDistribution policy, RewardModel model, int actions) {
        return drPerRow(logs, perSlot(logs, policy), model, actions);
    }

    public static Estimate ipsPerRow(List<LoggedFeedback> logs, RowPolicy policy) {
        int n = logs.size();
        double[] terms = new double[n];
        double[] weights = new double[n];
        for (int i = 0; i < n; i++) {
            LoggedFeedback f = logs.get(i);
            weights[i] = weight(f, i, policy);
            terms[i] = f.reward() * weights[i];
        }
        return normal("IPS", terms, weights).clippedTo(minReward(logs), maxReward(logs));
    }

    public static Estimate snipsPerRow(List<LoggedFeedback> logs, RowPolicy policy) {
        int n = logs.size();
        double sumW = 0;
        double sumRw = 0;
        double[] weights = new double[n];
        for (int i = 0; i < n; i++) {
            LoggedFeedback f = logs.get(i);
            weights[i] = weight(f, i, policy);
            sumW += weights[i];
            sumRw += f.reward() * weights[i];
        }
        double value = sumRw / sumW;
        // delta method for a ratio of means: Var ≈ mean(w² (r − V)²) / (n · mean(w)²)
        double meanW = sumW / n;
        double s = 0;
        for (int i = 0; i < n; i++) {
            double d = weights[i] * (logs.get(i).reward() - value);
            s += d * d;
        }
        double se = Math.sqrt(s / n) / (meanW * Math.sqrt(n));
        return new Estimate("SNIPS", value, value - Z95 * se, value + Z95 * se, ess(weights))
                .clippedTo(minReward(logs), maxReward(logs));
    }

    public static Estimate dmPerRow(
            List<LoggedFeedback> logs, RowPolicy policy, RewardModel model, int actions) {
        int n = logs.size();
        double[] terms = new double[n];
        for (int i = 0; i < n; i++) {
            terms[i] = modelValue(policy, i, model, actions, logs.get(i).position());
        }
        return normal("DM", terms, null).clippedTo(minReward(logs), maxReward(logs));
    }

    public static Estimate drPerRow(
            List<LoggedFeedback> logs, RowPolicy policy, RewardModel model, int actions) {
        int n = logs.size();
        double[] terms = new double[n];
        double[] weights = new double[n];
        for (int i = 0; i < n; i++) {
            LoggedFeedback f = logs.get(i);
            weights[i] = weight(f, i, policy);
            terms[i] =
                    modelValue(policy, i, model, actions, f.position())
                            + weights[i] * (f.reward() - model.predict(f.action(), f.position()));
        }
        return normal("DR", terms, weights).clippedTo(minReward(logs), maxReward(logs));
    }

    /** The mean reward of the logs themselves (on-policy value of the logging policy). */
    public static Estimate onPolicy(List<LoggedFeedback> logs) {
        double[] terms = logs.stream().mapToDouble(LoggedFeedback::reward).toArray();
        return normal("on-policy", terms, null).clippedTo(minReward(logs), maxReward(logs));
    }

    private static double minReward(List<LoggedFeedback> logs) {
        return logs.stream().mapToDouble(LoggedFeedback::reward).min().orElse(0);
    }

    private static double maxReward(List<LoggedFeedback> logs) {
        return logs.stream().mapToDouble(LoggedFeedback::reward).max().orElse(0);
    }

    private static double weight(LoggedFeedback f, int row, RowPolicy policy) {
        return policy.probability(row, f.action()) / f.propensity();
    }

    private static double modelValue(
            RowPolicy policy, int row, RewardModel model, int actions, int position) {
        double v = 0;
        for (int a = 0; a < actions; a++) {
            v += policy.probability(row, a) * model.predict(a, position);
        }
        return v;
    }

    private static Estimate normal(String name, double[] terms, double[] weights) {
        int n = terms.length;
        double mean = 0;
        for (double t : terms) {
            mean += t;
        }
        mean /= n;
        double ss = 0;
        for (double t : terms) {
            ss += (t - mean) * (t - mean);
        }
        double se = n > 1 ? Math.sqrt(ss / (n - 1) / n) : Double.NaN;
        return new Estimate(
                name, mean, mean - Z95 * se, mean + Z95 * se, weights == null ? n : ess(weights));
    }

    /** Kish's effective sample size of importance weights. */
    static double ess(double[] weights) {
        double sum = 0;
        double squares = 0;
        for (double w : weights) {
            sum += w;
            squares += w * w;
        }
        return squares == 0 ? 0 : sum * sum / squares;
    }
}
