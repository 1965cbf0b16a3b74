package io.banditflow.harness;

import io.banditflow.core.eval.Estimate;
import io.banditflow.core.eval.LoggedFeedback;
import io.banditflow.core.eval.OffPolicyEstimators;
import io.banditflow.core.eval.OpenBanditDataset;
import io.banditflow.core.eval.RewardModel;
import io.banditflow.core.eval.ThompsonRanking;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.flink.util.ParameterTool;

/**
 * Off-policy evaluation on the Open Bandit Dataset sample: the production Thompson-sampling policy
 * (rebuilt from its published priors) estimated from the uniform-random logs with IPS, SNIPS, DM
 * and DR, against what it earned on its own logs.
 *
 * <pre>mvn -q compile exec:exec@evaluate -Devaluate.args="--obd ../shared/open-bandit-dataset"
 * </pre>
 *
 * Reads {@code ../shared/open-bandit-dataset} (or {@code --obd <dir>}), campaign "men".
 */
public final class OpenBanditEvaluation {
    private static final int ITEMS = 34;
    private static final int SLOTS = 3;

    private OpenBanditEvaluation() {}

    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        Path obd = Path.of(params.get("obd", "../shared/open-bandit-dataset"));
        List<LoggedFeedback> random = OpenBanditDataset.logs(obd.resolve("random/men/men.csv"));
        List<LoggedFeedback> bts = OpenBanditDataset.logs(obd.resolve("bts/men/men.csv"));
        double[][] priors = OpenBanditDataset.thompsonPriors(obd.resolve("prior_bts.yaml"), "men");
        ThompsonRanking policy = ThompsonRanking.of(priors[0], priors[1], SLOTS, 100_000, 7);
        RewardModel model = RewardModel.fit(random, ITEMS, SLOTS, 10);

        System.out.printf(
                "Bernoulli Thompson sampling (Men), estimated from %d uniform-random rows%n",
                random.size());
        System.out.println("estimator   CTR       95% interval          ESS");
        for (Estimate e :
                List.of(
                        OffPolicyEstimators.ips(random, policy),
                        OffPolicyEstimators.snips(random, policy),
                        OffPolicyEstimators.dm(random, policy, model, ITEMS),
                        OffPolicyEstimators.dr(random, policy, model, ITEMS))) {
            print(e);
        }
        System.out.printf("on its own %d logged rows:%n", bts.size());
        print(OffPolicyEstimators.onPolicy(bts));
        System.out.println("the random policy, on its own logs:");
        print(OffPolicyEstimators.onPolicy(random));
    }

    private static void print(Estimate e) {
        System.out.printf(
                Locale.ROOT,
                "%-10s %.3f%%   [%.3f%%, %.3f%%]   %6.0f%n",
                e.estimator(),
                100 * e.value(),
                100 * e.lower(),
                100 * e.upper(),
                e.effectiveSampleSize());
    }
}
