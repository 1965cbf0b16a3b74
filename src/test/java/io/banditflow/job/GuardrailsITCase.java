package io.banditflow.job;

import static io.banditflow.testing.TestTime.H;
import static io.banditflow.testing.TestTime.M;
import static io.banditflow.testing.TestTime.R0;
import static io.banditflow.testing.TestTime.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.guard.Guardrail;
import io.banditflow.core.guard.SpendThrottle;
import io.banditflow.core.policy.Decision;
import io.banditflow.core.policy.DecisionJson;
import io.banditflow.core.policy.DecisionMode;
import io.banditflow.job.config.JobConfig;
import io.banditflow.testing.TestingJobs;
import io.banditflow.testing.TestingSinks;
import io.banditflow.testing.TestingSources;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Spend caps and bid bounds through the whole topology: spend reaches the policy from the round
 * window's round-end firing (per product) and the global spend operator (all products). Two
 * products, 1-hour rounds over two UTC days; each product spends 0.30 a round; the global daily cap
 * of 4.35 is reached after 8 rounds (2 × 8 × 0.30 = 4.80), and the eighth is throttled (0.15 left
 * of its 0.60); product b is bounded to bids 0.10–0.20.
 */
class GuardrailsITCase {
    @RegisterExtension static final MiniClusterExtension CLUSTER = TestingJobs.miniCluster();

    private static final int ROUNDS = 30;

    private static final JobConfig CONFIG =
            JobConfig.parse(
                    TestingJobs.SMALL_JOB
                            + """
                            drift: {enabled: false}
                            guardrails:
                              dailySpendCap: 4.35
                              products: {b: {min: 0.10, max: 0.20}}
                            """);

    private static TestingSinks atOne;
    private static TestingSinks atTwo;

    static TestingSources input() {
        TestingSources sources = new TestingSources();
        for (int r = 0; r < ROUNDS; r++) {
            for (String product : List.of("a", "b")) {
                long t = T0 + r * H + 10 * M;
                sources.add(FeedbackEvent.impression(product + r, product, t, 0.1, null));
                sources.add(FeedbackEvent.click(product + "c" + r, product, t + 1, 0.30, null));
            }
        }
        return sources;
    }

    @BeforeAll
    static void run() throws Exception {
        atOne = TestingJobs.run(CONFIG, input(), 1);
        atTwo = TestingJobs.run(CONFIG, input(), 2);
    }

    private static List<Decision> of(String product) {
        return atTwo.decisions().stream()
                .filter(d -> d.productId().equals(product))
                .sorted(Comparator.comparingLong(Decision::round))
                .toList();
    }

    @Test
    void shouldDecideTheSameAtAnyParallelism() {
        Comparator<Decision> order = Comparator.comparing(Decision::decisionId);
        assertEquals(
                atOne.decisions().stream().sorted(order).map(DecisionJson::write).toList(),
                atTwo.decisions().stream().sorted(order).map(DecisionJson::write).toList());
    }

    @Test
    void shouldBidTheFloorOnceTheDayIsSpentAndLearnAgainTheNextDay() {
        List<Decision> decisions = of("a");
        Decision last = decisions.get(decisions.size() - 1);
        assertEquals(DecisionMode.INACTIVE, last.mode(), "the input ended: the last decision");
        for (Decision d : decisions.subList(0, decisions.size() - 1)) {
            long r = d.round() - R0;
            // rounds 0..7 end with 4.80 spent: from round 8's decision on, the floor
            DecisionMode expected = r >= 8 && r < 24 ? DecisionMode.CAPPED : DecisionMode.LEARNED;
            assertEquals(expected, d.mode(), "round " + r);
            if (expected == DecisionMode.CAPPED) {
                assertEquals(0.05, d.bid());
                assertEquals(List.of(Guardrail.GLOBAL_SPEND_CAP), Arrays.asList(d.guardrails()));
            }
        }
    }

    /**
     * Round 7 is decided with 4.20 of 4.35 known spent and a round forecast at 0.60 (round 6's):
     * the throttle lets a quarter of the products bid (no pacing here), the others bid their floor.
     * The seeded draws of this round let a bid and leave b out.
     */
    @Test
    void shouldLetOnlyTheShareOfProductsTheBudgetLeftPaysForBid() {
        long round = R0 + 7;
        assertTrue(SpendThrottle.bids("a", round, 0.25), "a is drawn in");
        assertFalse(SpendThrottle.bids("b", round, 0.25), "b is left out");
        assertEquals(DecisionMode.LEARNED, decisionOf("a", round).mode());
        Decision b = decisionOf("b", round);
        assertEquals(DecisionMode.CAPPED, b.mode());
        assertEquals(0.10, b.bid(), "b's floor");
        assertTrue(b.reason().contains("25% of products bid this round"), b.reason());
    }

    private static Decision decisionOf(String product, long round) {
        return of(product).stream().filter(d -> d.round() == round).findFirst().orElseThrow();
    }

    @Test
    void shouldKeepABoundedProductWithinItsBounds() {
        for (Decision d : of("b")) {
            assertTrue(d.bid() >= 0.10 && d.bid() <= 0.20, d.toString());
            assertTrue(Arrays.asList(d.guardrails()).contains(Guardrail.BID_BOUNDS));
            if (d.mode() == DecisionMode.LEARNED) {
                assertEquals(0, d.probabilities()[0]);
                assertEquals(0, d.probabilities()[3]);
                assertEquals(1.0, d.probabilities()[1] + d.probabilities()[2], 1e-12);
            } else if (d.mode() == DecisionMode.INACTIVE) {
                assertEquals(0.20, d.bid(), "the baseline within the bounds");
            } else {
                assertEquals(0.10, d.bid(), "the floor within the bounds");
            }
        }
    }
}
