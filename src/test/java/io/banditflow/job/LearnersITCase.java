package io.banditflow.job;

import static io.banditflow.testing.TestTime.H;
import static io.banditflow.testing.TestTime.M;
import static io.banditflow.testing.TestTime.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.context.ContextFeatures;
import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.policy.Decision;
import io.banditflow.core.policy.DecisionJson;
import io.banditflow.core.policy.DecisionMode;
import io.banditflow.core.policy.PropensityMethod;
import io.banditflow.job.config.JobConfig;
import io.banditflow.testing.TestingJobs;
import io.banditflow.testing.TestingSinks;
import io.banditflow.testing.TestingSources;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every learner of the job file through the whole topology on the MiniCluster: the same decisions
 * at parallelism 1 and 2 with the input in another order, the configured algorithm in every
 * decision with a distribution that is the logged one, a context built from the product's own
 * traffic and conversions, and batch updates that reach the policy.
 *
 * <p>Input: products a and b, 1-hour rounds over a day; a gets 20 impressions, 2 clicks and (every
 * other round) a sale per round, b a quarter of that; every round's events lie within five minutes,
 * so reversing them stays within the ten minutes of allowed out-of-orderness.
 */
class LearnersITCase {
    @RegisterExtension static final MiniClusterExtension CLUSTER = TestingJobs.miniCluster();

    private static final int ROUNDS = 24;

    static TestingSources input(boolean reversed) {
        List<FeedbackEvent> impressions = new ArrayList<>();
        List<FeedbackEvent> clicks = new ArrayList<>();
        List<FeedbackEvent> sales = new ArrayList<>();
        for (int r = 0; r < ROUNDS; r++) {
            long t = T0 + r * H + 10 * M;
            for (String product : List.of("a", "b")) {
                int scale = product.equals("a") ? 4 : 1;
                for (int i = 0; i < 5 * scale; i++) {
                    impressions.add(
                            FeedbackEvent.impression(
                                    product + r + "i" + i, product, t + i, 0, null));
                }
                for (int i = 0; i < (scale == 4 ? 2 : r % 2); i++) {
                    clicks.add(
                            FeedbackEvent.click(
                                    product + r + "c" + i, product, t + M + i, 0.10, null));
                }
                if (scale == 4 && r % 2 == 0) {
                    sales.add(
                            FeedbackEvent.conversion(
                                    product + r + "v", product, t + 4 * M, t + M, 3.0, null));
                }
            }
        }
        TestingSources sources = new TestingSources();
        for (List<FeedbackEvent> events : List.of(impressions, clicks, sales)) {
            if (reversed) {
                reverseWithinRounds(events);
            }
            events.forEach(sources::add);
        }
        return sources;
    }

    /** Reverses the order of each round's events (they lie within five minutes of each other). */
    private static void reverseWithinRounds(List<FeedbackEvent> events) {
        List<FeedbackEvent> result = new ArrayList<>();
        int from = 0;
        for (int i = 1; i <= events.size(); i++) {
            if (i == events.size()
                    || events.get(i).eventTime() / H != events.get(from).eventTime() / H) {
                List<FeedbackEvent> round = new ArrayList<>(events.subList(from, i));
                Collections.reverse(round);
                result.addAll(round);
                from = i;
            }
        }
        events.clear();
        events.addAll(result);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "exp3-ix, EXACT",
        "linucb, EXACT",
        "discounted-linucb, EXACT",
        "linear-thompson, QUADRATURE",
        "beta-thompson, MONTE_CARLO",
        "epsilon-greedy, EXACT"
    })
    void shouldLearnAndDecideTheSameAtAnyParallelismAndOrder(
            String algorithm, PropensityMethod method) throws Exception {
        JobConfig config = config(algorithm);
        List<Decision> atOne = sorted(TestingJobs.run(config, input(false), 1));
        List<Decision> atTwo = sorted(TestingJobs.run(config, input(true), 2));
        assertEquals(
                atOne.stream().map(DecisionJson::write).toList(),
                atTwo.stream().map(DecisionJson::write).toList());

        assertFalse(atOne.isEmpty());
        for (Decision d : beforeInactive(atOne)) {
            assertEquals(algorithm, d.algorithm());
            assertEquals(DecisionMode.LEARNED, d.mode());
            assertEquals(method, d.propensityMethod());
            assertEquals(d.probabilities()[d.arm()], d.propensity(), 0);
            double sum = 0;
            for (double p : d.probabilities()) {
                sum += p;
            }
            assertEquals(1, sum, 1e-9, d.decisionId());
            assertEquals(ContextFeatures.DIMENSION, d.context().length);
            assertEquals(1, d.context()[0], 0);
            for (double x : d.context()) {
                assertTrue(x >= -1 && x <= 1, d.decisionId());
            }
        }
        for (String product : List.of("a", "b")) {
            List<Decision> own = atOne.stream().filter(d -> d.productId().equals(product)).toList();
            assertTrue(own.get(own.size() - 1).policyVersion() >= 5, "batches applied: " + product);
        }
        List<Decision> a =
                beforeInactive(atOne).stream().filter(d -> d.productId().equals("a")).toList();
        // a's first decision (round 1) knows round 0's traffic, 20 impressions and 2 clicks, and no
        // final conversions yet
        assertEquals(Math.log10((2 + 5.0) / (20 + 100) / 0.05), a.get(0).context()[5], 1e-12);
        assertEquals(0, a.get(0).context()[7], 0);
        Decision late = a.get(a.size() - 1);
        // a's CTR 10% is twice the reference; its sales (1 per 4 clicks) are final by then
        assertTrue(late.context()[5] > 0.2, "recent CTR " + late.context()[5]);
        assertTrue(late.context()[7] > 0.2, "recent conversion rate " + late.context()[7]);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource("baseline")
    void shouldBidTheBaselineWithoutLearning(String algorithm) throws Exception {
        List<Decision> decisions = sorted(TestingJobs.run(config(algorithm), input(false), 2));
        assertFalse(decisions.isEmpty());
        for (Decision d : beforeInactive(decisions)) {
            assertEquals(DecisionMode.BASELINE, d.mode());
            assertEquals("baseline", d.algorithm());
            assertEquals(0.20, d.bid(), 0); // the grid's median without a baseline.bid
            assertEquals(1, d.propensity(), 0);
            assertEquals(0, d.policyVersion());
        }
    }

    static JobConfig config(String algorithm) {
        return JobConfig.parse(
                TestingJobs.SMALL_JOB.replace(
                                "learner:\n  algorithm: batch-exp3\n  learningRate: 0.5\n  uniformMix: 0.1\n",
                                "learner:\n  algorithm: " + algorithm + "\n")
                        + "drift: {enabled: false}\n");
    }

    /**
     * The decisions before each product's last: that one is INACTIVE at the baseline bid, as the
     * bounded input ends, with the version of the learner as it is then.
     */
    private static List<Decision> beforeInactive(List<Decision> decisions) {
        List<Decision> before = new ArrayList<>();
        for (String product : List.of("a", "b")) {
            List<Decision> own =
                    decisions.stream().filter(d -> d.productId().equals(product)).toList();
            Decision last = own.get(own.size() - 1);
            assertEquals(DecisionMode.INACTIVE, last.mode(), last.decisionId());
            assertEquals(0.20, last.bid(), 0, "the grid's median without a baseline.bid");
            assertEquals(1, last.propensity(), 0);
            assertTrue(last.policyVersion() >= own.get(own.size() - 2).policyVersion());
            before.addAll(own.subList(0, own.size() - 1));
        }
        return before;
    }

    private static List<Decision> sorted(TestingSinks sinks) {
        return sinks.decisions().stream()
                .sorted(
                        Comparator.comparing(Decision::productId)
                                .thenComparingLong(Decision::round))
                .toList();
    }
}
