package io.banditflow.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.policy.BetaState;
import io.banditflow.core.policy.BetaThompson;
import io.banditflow.core.policy.EpsilonGreedy;
import io.banditflow.core.policy.MeanState;
import io.banditflow.core.util.Seeds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ReplayTest {
    private static final int ITEMS = 34;

    @Test
    void shouldKeepOnlyRoundsWhereTheLearnerChoseTheLoggedAction() {
        List<LoggedFeedback> logs =
                List.of(
                        new LoggedFeedback(0, 0, 1, 0.5),
                        new LoggedFeedback(1, 0, 0, 0.5),
                        new LoggedFeedback(0, 0, 0, 0.5),
                        new LoggedFeedback(1, 0, 1, 0.5));
        List<Integer> learned = new ArrayList<>();
        Estimate always0 =
                Replay.evaluate(
                        "always 0",
                        logs,
                        new Replay.Learner() {
                            @Override
                            public int choose(int position, long seed) {
                                return 0;
                            }

                            @Override
                            public void learn(int action, int position, double reward, long seed) {
                                learned.add(action);
                            }
                        });
        assertEquals(0.5, always0.value(), 1e-12); // rounds 1 and 3: rewards 1 and 0
        assertEquals(2, always0.effectiveSampleSize());
        // Wilson, n = 2, p = 0.5: centre 0.5, half-width 1.96 / (1 + 1.92) · √(0.125 + 0.24)
        double z = 1.959963984540054;
        double half = z / (1 + z * z / 2) * Math.sqrt(0.25 / 2 + z * z / 16);
        assertEquals(0.5 - half, always0.lower(), 1e-12);
        assertEquals(List.of(0, 0), learned);
    }

    /** Our learners, replayed on the Open Bandit Dataset's uniform-random logs (Men, 34 items). */
    @Test
    void shouldReplayOurLearnersOnTheOpenBanditDataset() throws Exception {
        Path obd = Path.of("..", "shared", "open-bandit-dataset");
        List<LoggedFeedback> random = OpenBanditDataset.logs(obd.resolve("random/men/men.csv"));
        double[][] priors = OpenBanditDataset.thompsonPriors(obd.resolve("prior_bts.yaml"), "men");

        List<Estimate> results = new ArrayList<>();
        results.add(Replay.evaluate("uniform", random, uniform()));
        results.add(Replay.evaluate("ε-greedy 0.1", random, epsilonGreedy(0.1)));
        results.add(Replay.evaluate("Beta TS, flat prior", random, thompson(null)));
        results.add(Replay.evaluate("Beta TS, ZOZO prior", random, thompson(priors)));
        Estimate onPolicy =
                OffPolicyEstimators.onPolicy(
                        OpenBanditDataset.logs(obd.resolve("bts/men/men.csv")));
        for (Estimate e : results) {
            System.out.printf(
                    Locale.ROOT,
                    "replay %-20s CTR %.3f%% [%.3f%%, %.3f%%] over %.0f kept rounds%n",
                    e.estimator(),
                    100 * e.value(),
                    100 * e.lower(),
                    100 * e.upper(),
                    e.effectiveSampleSize());
            // about 1/34 of the 10,000 rounds are kept
            assertTrue(
                    e.effectiveSampleSize() > 200 && e.effectiveSampleSize() < 400, e.toString());
            // a few hundred rounds and a handful of clicks: no learner can be told apart from
            // the production policy, whose on-policy value lies in every interval
            assertTrue(e.lower() >= 0 && e.lower() <= onPolicy.value(), e.toString());
            assertTrue(onPolicy.value() <= e.upper(), e.toString());
        }
        System.out.printf(
                Locale.ROOT,
                "production Thompson sampling on its own logs: %.3f%% [%.3f%%, %.3f%%]%n",
                100 * onPolicy.value(),
                100 * onPolicy.lower(),
                100 * onPolicy.upper());
    }

    private static Replay.Learner uniform() {
        return new Replay.Learner() {
            @Override
            public int choose(int position, long seed) {
                return (int) (Seeds.uniform(Seeds.of(3, "uniform", seed)) * ITEMS);
            }

            @Override
            public void learn(int action, int position, double reward, long seed) {}
        };
    }

    private static Replay.Learner epsilonGreedy(double epsilon) {
        EpsilonGreedy greedy = new EpsilonGreedy(ITEMS, epsilon, 1.0, 0.05);
        MeanState state = greedy.newState();
        return new Replay.Learner() {
            @Override
            public int choose(int position, long seed) {
                return greedy.choose(state, Seeds.of(4, "greedy", seed));
            }

            @Override
            public void learn(int action, int position, double reward, long seed) {
                greedy.update(state, action, reward);
            }
        };
    }

    private static Replay.Learner thompson(double[][] priors) {
        BetaThompson ts = new BetaThompson(ITEMS, 1, 1, 1.0, 1);
        BetaState state = ts.newState();
        if (priors != null) {
            state.alpha = priors[0].clone();
            state.beta = priors[1].clone();
        }
        return new Replay.Learner() {
            @Override
            public int choose(int position, long seed) {
                return ts.choose(state, Seeds.of(5, "ts", seed)).arm();
            }

            @Override
            public void learn(int action, int position, double reward, long seed) {
                ts.update(state, action, reward, Seeds.of(6, "ts", seed));
            }
        };
    }
}
