package io.banditflow.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.policy.Decision;
import io.banditflow.core.round.RoundClock;
import io.banditflow.core.sim.ClosedLoopSimulation;
import io.banditflow.core.sim.MarketScenario;
import io.banditflow.core.sim.MarketSimulator;
import io.banditflow.core.sim.SimulationScenario;
import io.banditflow.harness.JobFiles;
import io.banditflow.job.config.JobConfig;
import io.banditflow.testing.TestingJobs;
import io.banditflow.testing.TestingSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What {@code simulate} says is what the job does: the core's closed loop (activating products as
 * the job does) plays a week of the seeded market, and the events it produced, fed to the whole
 * Flink topology at parallelism 2, give exactly the decisions the core made — same bids, arms,
 * propensities, distributions, contexts and policy versions — for every product and round.
 */
class SimulationEquivalenceITCase {
    @RegisterExtension static final MiniClusterExtension CLUSTER = TestingJobs.miniCluster();

    private static final int PRODUCTS = 12;
    private static final int DAYS = 6;

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {"batch-exp3", "linucb", "value-landscape", "value-landscape-when-ended"})
    void shouldDecideInTheJobExactlyAsInTheCore(String algorithm) throws Exception {
        String jobFile =
                Files.readString(Path.of("jobs/demo.yaml"))
                                .replace("sourceIdleness: PT0.3S", "sourceIdleness: P1D")
                        + "drift: {enabled: false}\n";
        JobConfig job = JobFiles.withAlgorithm(jobFile, algorithm.replace("-when-ended", ""));
        if (algorithm.endsWith("-when-ended")) {
            // the landscape learned when a batch's rounds end (EndedBatch), value when final
            Map<String, Double> values = new java.util.HashMap<>(job.learner().values());
            values.put("landscapeWhenEnded", 1.0);
            job =
                    job.withLearner(
                            new io.banditflow.core.policy.LearnerSettings(
                                    job.learner().algorithm(), job.learner().seed(), values));
            assertTrue(job.policy().learner().learnsWhenEnded());
        }
        RoundClock clock = job.clock();
        long first = clock.roundOf(Instant.parse("2025-03-01T00:00:00Z").toEpochMilli());
        int rounds = DAYS * clock.periodsPerDay();
        MarketScenario market =
                SimulationScenario.STATIONARY.market(PRODUCTS, 5, clock, first, DAYS);

        Map<String, Decision> core = new TreeMap<>();
        List<FeedbackEvent> events = new ArrayList<>();
        new ClosedLoopSimulation(
                        new MarketSimulator(market, 5),
                        job.policy(),
                        job.trafficProfile(),
                        job.contextFeatures())
                .activatingOnFirstEvent(job.baselineBid())
                .observing((d, expected) -> core.put(key(d), d))
                .observingEvents(events::add)
                .run(first, rounds);

        TestingSources sources = new TestingSources();
        events.stream()
                .sorted(Comparator.comparingLong(FeedbackEvent::eventTime))
                .forEach(sources::add);
        Map<String, Decision> flink = new TreeMap<>();
        for (Decision d : TestingJobs.run(job, sources, 2).decisions()) {
            if (d.round() < first + rounds) {
                flink.put(key(d), d);
            }
        }

        assertTrue(core.size() > PRODUCTS * rounds / 2, "decisions: " + core.size());
        assertEquals(core.keySet(), flink.keySet());
        for (Map.Entry<String, Decision> entry : core.entrySet()) {
            Decision expected = entry.getValue();
            Decision actual = flink.get(entry.getKey());
            String at = entry.getKey();
            assertEquals(expected.policyVersion(), actual.policyVersion(), at);
            assertArrayEquals(expected.context(), actual.context(), 1e-12, at);
            assertArrayEquals(expected.probabilities(), actual.probabilities(), 1e-12, at);
            assertEquals(expected.arm(), actual.arm(), at);
            assertEquals(expected.bid(), actual.bid(), 0, at);
            assertEquals(expected.propensity(), actual.propensity(), 1e-12, at);
            assertEquals(expected.mode(), actual.mode(), at);
        }
    }

    private static String key(Decision d) {
        return d.productId() + "/" + d.round();
    }
}
