package io.banditflow.harness;

import io.banditflow.core.eval.Estimate;
import io.banditflow.core.eval.LoggedFeedback;
import io.banditflow.core.eval.OffPolicyEstimators;
import io.banditflow.core.eval.OpenBanditDataset;
import io.banditflow.core.eval.RewardModel;
import io.banditflow.core.eval.ThompsonRanking;
import io.banditflow.ops.ToolArguments;
import io.banditflow.ops.ToolExit;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.flink.util.ParameterTool;

/**
 * Off-policy evaluation on the Open Bandit Dataset sample: the production Thompson-sampling policy
 * (rebuilt from its published priors) estimated from the uniform-random logs with IPS, SNIPS, DM
 * and DR, against what it earned on its own logs.
 *
 * <pre>mvn -q compile exec:exec@evaluate -Devaluate.args="--obd ../shared/open-bandit-dataset
 *     [--campaign men]"
 * </pre>
 *
 * The campaign is the one the folder holds logs of ({@code random/<campaign>/<campaign>.csv} and
 * {@code bts/<campaign>/<campaign>.csv}), or the one {@code --campaign} names when it holds
 * several; its items are those its priors and logs show (34 for "men", 46 for "women", 80 for "all"
 * in the dataset), never assumed.
 */
public final class OpenBanditEvaluation {
    private static final int SLOTS = 3;

    /** Every option, as the class comment documents them. */
    public static final List<String> OPTIONS = List.of("obd", "campaign");

    private OpenBanditEvaluation() {}

    public static void main(String[] args) throws Exception {
        ToolExit.run("evaluate --obd", () -> run(ToolArguments.parse(args, OPTIONS), System.out));
    }

    static void run(ParameterTool params, PrintStream out) throws IOException {
        Path obd = Path.of(params.get("obd", "../shared/open-bandit-dataset"));
        String campaign = campaign(obd, params.get("campaign"));
        List<LoggedFeedback> random = OpenBanditDataset.logs(csv(obd, "random", campaign));
        List<LoggedFeedback> bts = OpenBanditDataset.logs(csv(obd, "bts", campaign));
        double[][] priors =
                OpenBanditDataset.thompsonPriors(obd.resolve("prior_bts.yaml"), campaign);
        int items = priors[0].length;
        int logged = Math.max(OpenBanditDataset.items(random), OpenBanditDataset.items(bts));
        if (logged > items || priors[1].length != items) {
            throw new IllegalArgumentException(
                    String.format(
                            Locale.ROOT,
                            "campaign %s: the logs show %d items, its priors %d alphas and %d betas",
                            campaign,
                            logged,
                            priors[0].length,
                            priors[1].length));
        }
        ThompsonRanking policy = ThompsonRanking.of(priors[0], priors[1], SLOTS, 100_000, 7);
        RewardModel model = RewardModel.fit(random, items, SLOTS, 10);

        out.printf(
                Locale.ROOT,
                "Bernoulli Thompson sampling (%s, %d items), estimated from %d uniform-random rows%n",
                campaign,
                items,
                random.size());
        out.println("estimator   CTR       95% interval          ESS");
        for (Estimate e :
                List.of(
                        OffPolicyEstimators.ips(random, policy),
                        OffPolicyEstimators.snips(random, policy),
                        OffPolicyEstimators.dm(random, policy, model, items),
                        OffPolicyEstimators.dr(random, policy, model, items))) {
            print(e, out);
        }
        out.printf(Locale.ROOT, "on its own %d logged rows:%n", bts.size());
        print(OffPolicyEstimators.onPolicy(bts), out);
        out.println("the random policy, on its own logs:");
        print(OffPolicyEstimators.onPolicy(random), out);
    }

    /** The campaign named, or the only one the folder holds random logs of. */
    static String campaign(Path obd, String named) throws IOException {
        List<String> held = OpenBanditDataset.campaigns(obd, "random");
        if (named != null) {
            if (!held.contains(named)) {
                throw new IllegalArgumentException(
                        "no random logs of campaign "
                                + named
                                + " in "
                                + obd
                                + " (it holds "
                                + held
                                + ")");
            }
            return named;
        }
        if (held.size() != 1) {
            throw new IllegalArgumentException(
                    held.isEmpty()
                            ? "no campaign in "
                                    + obd
                                    + ": expected random/<campaign>/<campaign>.csv"
                            : obd + " holds campaigns " + held + ": choose one with --campaign");
        }
        return held.get(0);
    }

    private static Path csv(Path obd, String policy, String campaign) {
        Path csv = obd.resolve(policy).resolve(campaign).resolve(campaign + ".csv");
        if (!csv.toFile().isFile()) {
            throw new IllegalArgumentException("missing " + csv);
        }
        return csv;
    }

    private static void print(Estimate e, PrintStream out) {
        out.printf(
                Locale.ROOT,
                "%-10s %.3f%%   [%.3f%%, %.3f%%]   %6.0f%s%n",
                e.estimator(),
                100 * e.value(),
                100 * e.lower(),
                100 * e.upper(),
                e.effectiveSampleSize(),
                e.reliable() ? "" : "  unreliable: ESS below " + (int) Estimate.MIN_RELIABLE_ESS);
    }
}
