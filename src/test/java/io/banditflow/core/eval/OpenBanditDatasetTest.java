package io.banditflow.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Off-policy evaluation on real logs: the Open Bandit Dataset sample in ../shared (ZOZOTOWN, "Men"
 * campaign, 10,000 slot-level rows each from a uniform-random and a Bernoulli Thompson-sampling
 * logging policy). The Thompson-sampling policy is rebuilt from its published priors, checked
 * against the propensities it logged, then evaluated from the random logs and compared with what it
 * earned on its own logs.
 */
class OpenBanditDatasetTest {
    private static final Path OBD = Path.of("..", "shared", "open-bandit-dataset");
    private static final int ITEMS = 34;
    private static final int SLOTS = 3;

    private static List<LoggedFeedback> random;
    private static List<LoggedFeedback> bts;
    private static ThompsonRanking policy;

    @BeforeAll
    static void read() throws Exception {
        random = OpenBanditDataset.logs(OBD.resolve("random/men/men.csv"));
        bts = OpenBanditDataset.logs(OBD.resolve("bts/men/men.csv"));
        double[][] priors = OpenBanditDataset.thompsonPriors(OBD.resolve("prior_bts.yaml"), "men");
        policy = ThompsonRanking.of(priors[0], priors[1], SLOTS, 100_000, 7);
    }

    @Test
    void shouldRebuildTheThompsonPolicyThatLoggedTheData() {
        assertEquals(10_000, random.size());
        for (int k = 0; k < SLOTS; k++) {
            double total = 0;
            for (int a = 0; a < ITEMS; a++) {
                total += policy.probability(a, k);
            }
            assertEquals(1.0, total, 1e-9);
        }
        // The logging policy started from these priors but was updated in batches during the
        // week (a pair of item and slot carries up to hundreds of different logged
        // propensities), so the rebuilt policy resembles it without equalling it: the items it
        // showed are the ones the rebuilt policy favours.
        double meanAtShown =
                bts.stream()
                        .mapToDouble(f -> policy.probability(f.action(), f.position()))
                        .average()
                        .orElseThrow();
        System.out.printf(
                Locale.ROOT,
                "rebuilt π at the items Thompson sampling showed: mean %.3f (uniform %.3f)%n",
                meanAtShown,
                1.0 / ITEMS);
        assertTrue(meanAtShown > 3.0 / ITEMS, "mean " + meanAtShown);
    }

    @Test
    void shouldEstimateTheRandomPolicyFromThompsonLogsWithTheirTruePropensities() {
        // the one comparison where both sides are exact: logged propensities, known target
        Estimate ips = OffPolicyEstimators.ips(bts, (a, k) -> 1.0 / ITEMS);
        Estimate truth = OffPolicyEstimators.onPolicy(random);
        System.out.printf(
                Locale.ROOT,
                "random policy from Thompson logs: IPS %.4f%% [%.4f%%, %.4f%%], ESS %.0f;"
                        + " on its own logs %.4f%% [%.4f%%, %.4f%%]%n",
                100 * ips.value(),
                100 * ips.lower(),
                100 * ips.upper(),
                ips.effectiveSampleSize(),
                100 * truth.value(),
                100 * truth.lower(),
                100 * truth.upper());
        // tens of clicks on each side: the two agree within their sampling errors
        assertTrue(ips.lower() <= truth.upper() && truth.lower() <= ips.upper(), ips.toString());
    }

    @Test
    void shouldEstimateTheThompsonPolicyFromRandomLogsWithinItsOnPolicyValue() {
        RewardModel model = RewardModel.fit(random, ITEMS, SLOTS, 10);
        List<Estimate> estimates =
                List.of(
                        OffPolicyEstimators.ips(random, policy),
                        OffPolicyEstimators.snips(random, policy),
                        OffPolicyEstimators.dm(random, policy, model, ITEMS),
                        OffPolicyEstimators.dr(random, policy, model, ITEMS));
        Estimate onPolicy = OffPolicyEstimators.onPolicy(bts);
        Estimate randomValue = OffPolicyEstimators.onPolicy(random);
        for (Estimate e : estimates) {
            System.out.printf(
                    Locale.ROOT,
                    "%-9s %.4f%% [%.4f%%, %.4f%%]  ESS %.0f%n",
                    e.estimator(),
                    100 * e.value(),
                    100 * e.lower(),
                    100 * e.upper(),
                    e.effectiveSampleSize());
        }
        System.out.printf(
                Locale.ROOT,
                "Thompson sampling on its own logs %.4f%% [%.4f%%, %.4f%%]; random %.4f%%%n",
                100 * onPolicy.value(),
                100 * onPolicy.lower(),
                100 * onPolicy.upper(),
                100 * randomValue.value());
        // with tens of clicks on each side, what can be asked is that estimate and on-policy
        // value agree within their sampling errors: their intervals overlap
        for (Estimate e : List.of(estimates.get(0), estimates.get(1), estimates.get(3))) {
            assertTrue(
                    e.lower() <= onPolicy.upper() && onPolicy.lower() <= e.upper(),
                    e + " vs " + onPolicy);
            assertTrue(e.effectiveSampleSize() > 1_000, e.toString());
        }
    }
}
