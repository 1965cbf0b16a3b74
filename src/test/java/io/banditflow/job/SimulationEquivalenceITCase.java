package io.banditflow.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.policy.Decision;
import io.banditflow.core.policy.LearnerSettings;
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
import java.util.HashMap;
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

    private static final int PRODUCTS = 36;
    private static final int DAYS = 6;

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "batch-exp3",
                "linucb",
                "value-landscape",
                "value-landscape-when-final",
                "value-landscape-seasonal",
                "value-landscape-mature"
            })
    void shouldDecideInTheJobExactlyAsInTheCore(String algorithm) throws Exception {
        String jobFile =
                Files.readString(Path.of("jobs/demo.yaml"))
                                .replace("sourceIdleness: PT0.3S", "sourceIdleness: P1D")
                        + "drift: {enabled: false}\n";
        String learner = algorithm.replaceAll("-(when-final|seasonal|mature)$", "");
        // "-mature": a four-day window whose batches mature a day after they end
        String window = "attributionWindow: P2D";
        boolean matures = algorithm.endsWith("-mature");
        JobConfig job =
                JobFiles.withAlgorithm(
                        matures
                                ? jobFile.replace(window, "attributionWindow: P4D\n  maturity: P1D")
                                : jobFile,
                        learner);
        assertEquals(matures, job.clock().maturesBeforeFinal());
        // shoppers who buy more in the evening: value per click by period of the day pooled in
        // two phases (ValuePoolParts, then every policy instance) as the core pools it
        SimulationScenario scenario =
                algorithm.endsWith("-seasonal")
                        ? SimulationScenario.SEASONAL
                        : SimulationScenario.STATIONARY;
        if (algorithm.startsWith("value-landscape")) {
            // by default the landscape is learned when a batch's rounds end (EndedBatch), with the
            // global traffic at round end; "-when-final": the whole batch once it is final
            boolean whenFinal = algorithm.endsWith("-when-final");
            job = whenFinal ? withLearnerValue(job, "landscapeWhenEnded", 0) : job;
            assertEquals(!whenFinal, job.policy().learner().learnsWhenEnded());
        }
        RoundClock clock = job.clock();
        long first = clock.roundOf(Instant.parse("2025-03-01T00:00:00Z").toEpochMilli());
        int rounds = DAYS * clock.periodsPerDay();

        Map<String, Decision> core = new TreeMap<>();
        List<FeedbackEvent> events = new ArrayList<>();
        simulate(job, scenario, first, rounds, core, events);
        if (job.policy().learner().learnsOpenValue()) {
            // value per click from rounds inside the attribution window changed what was decided
            Map<String, Decision> finalOnly = new TreeMap<>();
            simulate(
                    withLearnerValue(job, "valueWhenOpen", 0),
                    scenario,
                    first,
                    rounds,
                    finalOnly,
                    null);
            assertNotEquals(versions(finalOnly), versions(core));
        }

        if (matures) {
            // the mature batches' bids and sales changed what was decided
            Map<String, Decision> whenFinal = new TreeMap<>();
            simulate(
                    JobFiles.withAlgorithm(
                            jobFile.replace(window, "attributionWindow: P4D\n  maturity: P4D"),
                            learner),
                    scenario,
                    first,
                    rounds,
                    whenFinal,
                    null);
            assertNotEquals(versions(whenFinal), versions(core));
        }

        if (scenario == SimulationScenario.SEASONAL) {
            assertTrue(
                    decidesByPeriod(core),
                    "one policy version decided with other distributions in other periods");
        }

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

    /** The core's closed loop on the seeded market, activating products as the job does. */
    private static void simulate(
            JobConfig job,
            SimulationScenario scenario,
            long first,
            int rounds,
            Map<String, Decision> decisions,
            List<FeedbackEvent> events) {
        MarketScenario market = scenario.market(PRODUCTS, 5, job.clock(), first, DAYS);
        ClosedLoopSimulation loop =
                new ClosedLoopSimulation(
                                new MarketSimulator(market, 5),
                                job.policy(),
                                job.trafficProfile(),
                                job.contextFeatures())
                        .activatingOnFirstEvent(job.baselineBid())
                        .observing((d, expected) -> decisions.put(key(d), d));
        if (events != null) {
            loop.observingEvents(events::add);
        }
        loop.run(first, rounds);
    }

    private static JobConfig withLearnerValue(JobConfig job, String key, double value) {
        Map<String, Double> values = new HashMap<>(job.learner().values());
        values.put(key, value);
        return job.withLearner(
                new LearnerSettings(job.learner().algorithm(), job.learner().seed(), values));
    }

    /**
     * Whether some product decided with more than one distribution under one policy version: with
     * no guardrail moving its bounds, only the factors of value per click by period do that.
     */
    private static boolean decidesByPeriod(Map<String, Decision> decisions) {
        Map<String, java.util.Set<List<Double>>> byVersion = new HashMap<>();
        for (Decision d : decisions.values()) {
            byVersion
                    .computeIfAbsent(
                            d.productId() + "/" + d.policyVersion(), k -> new java.util.HashSet<>())
                    .add(java.util.Arrays.stream(d.probabilities()).boxed().toList());
        }
        return byVersion.values().stream().anyMatch(distributions -> distributions.size() > 1);
    }

    private static List<Long> versions(Map<String, Decision> decisions) {
        return decisions.values().stream().map(Decision::policyVersion).toList();
    }

    private static String key(Decision d) {
        return d.productId() + "/" + d.round();
    }
}
