package io.banditflow.job;

import static io.banditflow.testing.TestTime.H;
import static io.banditflow.testing.TestTime.M;
import static io.banditflow.testing.TestTime.R0;
import static io.banditflow.testing.TestTime.T0;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.policy.Decision;
import io.banditflow.core.policy.DecisionJson;
import io.banditflow.job.config.JobConfig;
import io.banditflow.testing.RetainingReporter;
import io.banditflow.testing.TestingJobs;
import io.banditflow.testing.TestingJson;
import io.banditflow.testing.TestingSinks;
import io.banditflow.testing.TestingSources;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cold start through the whole job (rounds of 1 h, attribution 2 h): six established shoes sell
 * well at 0.20 and lose money at 0.05, both bids echoed by their impressions; a new shoe and a new
 * bag appear at round 12. The new shoe's learner starts from the shoes' pool, the new bag's from
 * scratch, the same at parallelism 1 and 2.
 */
class ColdStartITCase {
    @RegisterExtension static final MiniClusterExtension CLUSTER = TestingJobs.miniCluster();

    private static final int ROUNDS = 16;
    private static final int LAUNCH = 12;

    private static final JobConfig CONFIG =
            JobConfig.parse(
                    TestingJobs.SMALL_JOB.replace("control: k}", "control: k, catalog: cat}")
                            + "coldStart: {pooling: category, halfLife: PT24H, strength: 8}\n");

    /** The same job with the value-landscape learner, starting at 0.10 without a category. */
    private static final JobConfig LANDSCAPE_CONFIG =
            JobConfig.parse(
                    TestingJobs.SMALL_JOB
                                    .replace("control: k}", "control: k, catalog: cat}")
                                    .replace(
                                            "  algorithm: batch-exp3\n  learningRate: 0.5\n  uniformMix: 0.1\n",
                                            "  algorithm: value-landscape\n"
                                                    + "  prior: {bid: 0.10}\n")
                            + "coldStart: {pooling: category, halfLife: PT24H, strength: 8}\n");

    private static TestingSinks atOne;
    private static TestingSinks atTwo;
    private static TestingSinks landscapeAtOne;
    private static TestingSinks landscapeAtTwo;

    private static String catalog(String product, String category) {
        return TestingJson.catalogEntry(product, "ACTIVE", category, T0);
    }

    static TestingSources input() {
        TestingSources sources = new TestingSources();
        for (int r = 0; r < ROUNDS; r++) {
            long start = T0 + r * H;
            for (int p = 0; p < 6; p++) {
                String product = "shoe" + p;
                boolean good = r % 2 == 0;
                double bid = good ? 0.20 : 0.05;
                for (int i = 0; i < 10; i++) {
                    long t = start + 5 * M * i + p;
                    String id = product + "-" + r + "-" + i;
                    sources.add(FeedbackEvent.impression(id, product, t, bid, null));
                    if (i < 2) {
                        sources.add(FeedbackEvent.click(id + "c", product, t + 1, 0.3, null));
                        if (good) {
                            sources.add(
                                    FeedbackEvent.conversion(
                                            id + "v", product, t + 20 * M, t + 1, 2.5, null));
                        }
                    }
                }
            }
            if (r >= LAUNCH) {
                for (String product : List.of("shoe-new", "bag-new")) {
                    sources.add(
                            FeedbackEvent.impression(
                                    product + "-" + r, product, start + M, 0.10, null));
                }
            }
        }
        sources.catalog(catalog("bag-new", "bags")).catalog(catalog("shoe-new", "shoes"));
        for (int p = 0; p < 6; p++) {
            sources.catalog(catalog("shoe" + p, "shoes"));
        }
        return sources;
    }

    @BeforeAll
    static void run() throws Exception {
        RetainingReporter.clear();
        atOne = TestingJobs.run(CONFIG, input(), 1);
        atTwo = TestingJobs.run(CONFIG, input(), 2);
        landscapeAtOne = TestingJobs.run(LANDSCAPE_CONFIG, input(), 1);
        landscapeAtTwo = TestingJobs.run(LANDSCAPE_CONFIG, input(), 2);
    }

    private static Decision first(TestingSinks sinks, String product) {
        return sinks.decisions().stream()
                .filter(d -> d.productId().equals(product))
                .min(Comparator.comparingLong(Decision::round))
                .orElseThrow();
    }

    @Test
    void shouldStartANewProductFromItsCategorysPool() {
        Decision shoe = first(atOne, "shoe-new");
        Decision bag = first(atOne, "bag-new");
        assertEquals(R0 + LAUNCH + 1, shoe.round());
        // pooled rewards: 0.9 at 0.20, 0.07 at 0.05, the rest the shoes' average; 8 rounds each
        assertEquals(0.6618, shoe.probabilities()[2], 1e-4, "the bid the shoes earned with");
        assertEquals(0.0477, shoe.probabilities()[0], 1e-4, "the bid they lost money with");
        assertArrayEquals(
                new double[] {0.25, 0.25, 0.25, 0.25},
                bag.probabilities(),
                1e-12,
                "no bags pooled: the uniform start");
        assertArrayEquals(
                bag.probabilities(),
                first(atOne, "shoe0").probabilities(),
                1e-12,
                "the established started before anything was pooled");
        // 7 shoes and a bag started in each of the four runs (two learners, p = 1 and 2); 1 shoe
        // each from the pool
        assertEquals(4, RetainingReporter.count("learnersStartedFromCategory"));
        assertEquals(28, RetainingReporter.count("learnersStartedFromScratch"));
    }

    /**
     * value-landscape takes no pooled rewards, but starts next to the bid its category earned most
     * with (0.20, arm 2): the new shoe's first decision never bids 0.05, the new bag's stays next
     * to the start bid 0.10 and never bids 0.40.
     */
    @Test
    void shouldStartAValueLandscapeNextToItsCategorysBestBid() {
        Decision shoe = first(landscapeAtOne, "shoe-new");
        Decision bag = first(landscapeAtOne, "bag-new");
        assertEquals(0, shoe.probabilities()[0], "not below its category's bid's neighbour");
        assertTrue(shoe.probabilities()[2] > 0, "its category's bid");
        assertTrue(bag.probabilities()[0] > 0, "next to the start bid");
        assertEquals(0, bag.probabilities()[3], "not beyond the start bid's neighbours");
    }

    @Test
    void shouldStartTheSameAtAnyParallelism() {
        assertSameDecisions(atOne, atTwo);
        assertSameDecisions(landscapeAtOne, landscapeAtTwo);
    }

    private static void assertSameDecisions(TestingSinks one, TestingSinks two) {
        Comparator<Decision> order = Comparator.comparing(Decision::decisionId);
        assertEquals(
                one.decisions().stream().sorted(order).map(DecisionJson::write).toList(),
                two.decisions().stream().sorted(order).map(DecisionJson::write).toList());
    }
}
