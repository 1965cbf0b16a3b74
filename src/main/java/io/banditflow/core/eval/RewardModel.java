package io.banditflow.core.eval;

import java.util.List;

/**
 * The direct method's reward model r̂(a, position): the logged mean reward of each action in each
 * slot, shrunk towards the overall mean with {@code priorWeight} pseudo-observations, so an action
 * seen a few times without reward is not predicted to earn exactly nothing.
 */
public final class RewardModel {
    private final double[][] mean;

    private RewardModel(double[][] mean) {
        this.mean = mean;
    }

    public static RewardModel fit(
            List<LoggedFeedback> logs, int actions, int positions, double priorWeight) {
        double[][] sum = new double[actions][positions];
        double[][] count = new double[actions][positions];
        double total = 0;
        for (LoggedFeedback f : logs) {
            sum[f.action()][f.position()] += f.reward();
            count[f.action()][f.position()]++;
            total += f.reward();
        }
        double overall = logs.isEmpty() ? 0 : total / logs.size();
        double[][] mean = new double[actions][positions];
        for (int a = 0; a < actions; a++) {
            for (int k = 0; k < positions; k++) {
                mean[a][k] = (sum[a][k] + priorWeight * overall) / (count[a][k] + priorWeight);
            }
        }
        return new RewardModel(mean);
    }

    public double predict(int action, int position) {
        return mean[action][position];
    }
}
