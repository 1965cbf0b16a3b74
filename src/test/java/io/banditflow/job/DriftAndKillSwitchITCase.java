package io.banditflow.job;

import static io.banditflow.testing.TestTime.H;
import static io.banditflow.testing.TestTime.M;
import static io.banditflow.testing.TestTime.R0;
import static io.banditflow.testing.TestTime.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.drift.DriftAction;
import io.banditflow.core.drift.DriftScope;
import io.banditflow.core.drift.DriftSignal;
import io.banditflow.core.event.DeadLetter;
import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.event.RecordSource;
import io.banditflow.core.event.RejectReason;
import io.banditflow.core.policy.Decision;
import io.banditflow.core.policy.DecisionJson;
import io.banditflow.core.policy.DecisionMode;
import io.banditflow.job.config.JobConfig;
import io.banditflow.testing.RetainingReporter;
import io.banditflow.testing.TestingJobs;
import io.banditflow.testing.TestingJson;
import io.banditflow.testing.TestingSinks;
import io.banditflow.testing.TestingSources;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Drift fallback and the kill switch through the whole topology. Ten products, 1-hour rounds, 64
 * rounds of traffic; from round 30 on nobody clicks (CTR drops to 0). Drift windows: a 24-round
 * reference, a 4-round current window, KS α = 0.001 from 4 values, 2 clean evaluations to recover.
 * Kill-switch commands: all products forced to the baseline from round 10 (mid-round) until a
 * release in round 14; product p3 stopped from round 20 to the end; one invalid command.
 */
class DriftAndKillSwitchITCase {
    @RegisterExtension static final MiniClusterExtension CLUSTER = TestingJobs.miniCluster();

    private static final int ROUNDS = 64;
    private static final int SHIFT = 30;
    private static final int PRODUCTS = 10;

    private static final JobConfig CONFIG =
            JobConfig.parse(
                    TestingJobs.SMALL_JOB.replace("control: k}", "control: k, catalog: cat}")
                            + """
                            drift:
                              referenceWindow: PT24H
                              currentWindow: PT4H
                              ksAlpha: 0.001
                              minSamples: 4
                              recoveryWindows: 2
                              marketAlarmAlpha: 1  # every product follows a market-wide alarm
                            baseline:
                              bid: 0.10
                            """);

    private static TestingSinks atOne;
    private static TestingSinks atTwo;

    static TestingSources input() {
        TestingSources sources = new TestingSources();
        for (int r = 0; r < ROUNDS; r++) {
            long start = T0 + r * H;
            for (int p = 0; p < PRODUCTS; p++) {
                String product = "p" + p;
                int clicks = r < SHIFT ? 2 + (p + r) % 3 : 0;
                for (int i = 0; i < 20; i++) {
                    long t = start + 2 * M * i + p;
                    sources.add(
                            FeedbackEvent.impression(
                                    product + "-" + r + "-" + i, product, t, 0.1, null));
                    if (i < clicks) {
                        sources.add(
                                FeedbackEvent.click(
                                        product + "-" + r + "-c" + i, product, t + 1, 0.08, null));
                    }
                }
            }
        }
        return sources.command(
                        TestingJson.command("k1", "*", "FORCE_BASELINE", T0 + 10 * H - 30 * M))
                .command(TestingJson.command("k2", "*", "RELEASE", T0 + 14 * H - 30 * M))
                .command(TestingJson.command("k3", "p3", "STOP_BIDDING", T0 + 20 * H - 30 * M))
                .command("{\"commandId\":\"k4\",\"scope\":\"*\",\"action\":\"PANIC\"}")
                .catalog(TestingJson.catalogEntry("p5", "PAUSED", T0 + 4 * H + 30 * M))
                .catalog(TestingJson.catalogEntry("p5", "ACTIVE", T0 + 7 * H + 30 * M))
                .catalog(TestingJson.catalogEntry("p1", "ACTIVE", 0.20, T0))
                .catalog("{\"productId\":\"p2\",\"status\":\"SOLD\",\"eventTime\":1}");
    }

    @BeforeAll
    static void run() throws Exception {
        RetainingReporter.clear();
        atOne = TestingJobs.run(CONFIG, input(), 1);
        atTwo = TestingJobs.run(CONFIG, input(), 2);
    }

    private static Map<Long, DecisionMode> modesOf(List<Decision> decisions, String product) {
        return decisions.stream()
                .filter(d -> d.productId().equals(product))
                .collect(
                        Collectors.toMap(
                                d -> d.round() - R0, Decision::mode, (a, b) -> a, TreeMap::new));
    }

    @Test
    void shouldDecideTheSameAtAnyParallelism() {
        Comparator<Decision> order = Comparator.comparing(Decision::decisionId);
        assertEquals(
                atOne.decisions().stream().sorted(order).map(DecisionJson::write).toList(),
                atTwo.decisions().stream().sorted(order).map(DecisionJson::write).toList());
        assertEquals(
                atOne.signals().stream().map(DriftSignal::signalId).sorted().toList(),
                atTwo.signals().stream().map(DriftSignal::signalId).sorted().toList());
    }

    @Test
    void shouldNotBidForAPausedProductAndUseCatalogBaselines() {
        Map<Long, DecisionMode> p5 = modesOf(atTwo.decisions(), "p5");
        assertEquals(DecisionMode.LEARNED, p5.get(4L));
        assertEquals(DecisionMode.PAUSED, p5.get(5L));
        assertEquals(DecisionMode.PAUSED, p5.get(7L));
        assertEquals(DecisionMode.LEARNED, p5.get(8L));
        assertTrue(
                atTwo.decisions().stream()
                        .filter(d -> d.productId().equals("p1"))
                        .filter(d -> d.mode() == DecisionMode.KILLED)
                        .allMatch(d -> d.bid() == 0.20),
                "p1's baseline comes from the catalog");
        assertEquals(
                1,
                atTwo.deadLetters().stream()
                        .filter(d -> d.source() == RecordSource.CATALOG)
                        .count());
    }

    @Test
    void shouldObeyTheKillSwitchFromTheNextDecision() {
        Map<Long, DecisionMode> p0 = modesOf(atTwo.decisions(), "p0");
        assertEquals(DecisionMode.LEARNED, p0.get(9L));
        // k1 came in mid-round 9: the decision for round 10 obeys it
        for (long r = 10; r <= 13; r++) {
            assertEquals(DecisionMode.KILLED, p0.get(r), "round " + r);
        }
        assertEquals(DecisionMode.LEARNED, p0.get(14L));
        Decision killed =
                atTwo.decisions().stream()
                        .filter(d -> d.productId().equals("p0"))
                        .filter(d -> d.mode() == DecisionMode.KILLED)
                        .findFirst()
                        .orElseThrow();
        assertEquals(0.10, killed.bid());
        assertEquals(1.0, killed.propensity());
        assertTrue(killed.reason().contains("command k1"), killed.reason());

        Map<Long, DecisionMode> p3 = modesOf(atTwo.decisions(), "p3");
        assertEquals(DecisionMode.LEARNED, p3.get(19L));
        for (long r = 20; r < ROUNDS; r++) {
            assertEquals(DecisionMode.STOPPED, p3.get(r), "stopping outranks drift, round " + r);
        }
        Decision stopped =
                atTwo.decisions().stream()
                        .filter(d -> d.mode() == DecisionMode.STOPPED)
                        .findFirst()
                        .orElseThrow();
        assertEquals(0.0, stopped.bid());
        assertEquals(-1, stopped.arm());

        List<DeadLetter> invalid =
                atTwo.deadLetters().stream()
                        .filter(d -> d.source() == RecordSource.CONTROL)
                        .toList();
        assertEquals(1, invalid.size());
        assertEquals(RejectReason.UNKNOWN_ENUM, invalid.get(0).reason());
    }

    @Test
    void shouldFallBackOnDriftAndComeBackOnceTheMarketHasSettled() {
        List<DriftSignal> global =
                atTwo.signals().stream()
                        .filter(s -> s.scope() == DriftScope.GLOBAL)
                        .sorted(Comparator.comparingLong(DriftSignal::effectiveTime))
                        .toList();
        DriftSignal breach = global.get(0);
        assertEquals(DriftAction.FALLBACK, breach.action());
        long breachRound = (breach.effectiveTime() - T0) / H;
        assertTrue(breachRound >= SHIFT && breachRound <= SHIFT + 2, "breach in " + breachRound);
        // decisions at or after a signal's effective time follow it: round k from time T0 + kH
        long learnedAgain =
                atTwo.signals().stream()
                        .filter(s -> s.action() == DriftAction.RECOVER)
                        .filter(s -> s.scope() == DriftScope.GLOBAL || s.productId().equals("p0"))
                        .mapToLong(s -> (s.effectiveTime() - T0) / H + 1)
                        .max()
                        .orElseThrow();
        assertTrue(learnedAgain < ROUNDS - 2, "learning again from round " + learnedAgain);

        Map<Long, DecisionMode> p0 = modesOf(atTwo.decisions(), "p0");
        for (long r = SHIFT; r < ROUNDS; r++) {
            DecisionMode expected =
                    r > breachRound && r < learnedAgain
                            ? DecisionMode.FALLBACK
                            : DecisionMode.LEARNED;
            assertEquals(expected, p0.get(r), "round " + r);
        }
        Decision fallback =
                atTwo.decisions().stream()
                        .filter(d -> d.productId().equals("p0"))
                        .filter(d -> d.mode() == DecisionMode.FALLBACK)
                        .findFirst()
                        .orElseThrow();
        assertEquals(0.10, fallback.bid());
        assertEquals(1.0, fallback.propensity());
        assertTrue(fallback.reason().startsWith("CTR drift in"), fallback.reason());
        // no false alarm before the shift
        assertTrue(
                atTwo.signals().stream().allMatch(s -> s.effectiveTime() >= T0 + SHIFT * H),
                "signals before the shift");
    }

    /** Counters of both runs (the reporter was cleared before them). */
    private static long counted(String... parts) {
        return RetainingReporter.count(parts);
    }

    private static boolean registered(String... parts) {
        return !RetainingReporter.find(parts).isEmpty();
    }

    @Test
    void shouldCountFallbackDriftAndGuardrailsInMetrics() {
        long fallbacks =
                atOne.decisions().stream().filter(d -> d.mode() == DecisionMode.FALLBACK).count()
                        + atTwo.decisions().stream()
                                .filter(d -> d.mode() == DecisionMode.FALLBACK)
                                .count();
        assertEquals(fallbacks, counted("mode.FALLBACK", "decisions"));
        assertTrue(counted("scope.global", "driftBreaches") >= 2, "a breach per run");
        assertTrue(counted("scope.product", "driftEvaluations") > 0);
        assertTrue(registered("scope.global", "metric.CTR", "ksPValue"));
        assertTrue(registered("scope.global", "metric.CPC", "psi"));
        assertTrue(counted("guardrail.KILL_SWITCH", "guardrailBound") > 0);
        assertTrue(counted("guardrail.DRIFT_FALLBACK", "guardrailBound") > 0);
        assertEquals(2, counted("action.FORCE_BASELINE", "commands"));
        assertEquals(2, counted("stream.CONTROL", "reason.UNKNOWN_ENUM", "deadLetters"));
    }
}
