package io.banditflow.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.policy.Decision;
import io.banditflow.core.policy.DecisionJson;
import io.banditflow.job.config.JobConfig;
import io.banditflow.testing.TestingJobs;
import io.banditflow.testing.TestingSinks;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Shadow policies through the whole topology: they never change a decision of the job, each decides
 * every round beside it (same slot and id, its own name as variant), and each learns from the job's
 * feedback with the job's logged propensities — a shadow with the job's own learner decides exactly
 * as the job does, while a LinUCB shadow follows its own model.
 */
class ShadowITCase {
    @RegisterExtension static final MiniClusterExtension CLUSTER = TestingJobs.miniCluster();

    private static final String JOB = TestingJobs.SMALL_JOB + "drift: {enabled: false}\n";

    @Test
    void shouldDecideBesideTheJobWithoutChangingIt() throws Exception {
        JobConfig plain = JobConfig.parse(JOB);
        JobConfig shadowed =
                JobConfig.parse(
                        JOB.replace("control: k}", "control: k, shadow: w}")
                                + "shadows:\n"
                                + "  twin: {algorithm: batch-exp3, learningRate: 0.5,"
                                + " uniformMix: 0.1, seed: 7}\n"
                                + "  lin: {algorithm: linucb}\n");
        List<String> alone =
                TestingJobs.byProductAndRound(
                                TestingJobs.run(plain, LearnersITCase.input(false), 2).decisions())
                        .stream()
                        .map(DecisionJson::write)
                        .toList();
        TestingSinks run = TestingJobs.run(shadowed, LearnersITCase.input(true), 2);
        List<Decision> decisions = TestingJobs.byProductAndRound(run.decisions());
        assertEquals(alone, decisions.stream().map(DecisionJson::write).toList());

        Map<String, List<Decision>> shadows =
                run.shadowDecisions().stream().collect(Collectors.groupingBy(Decision::variant));
        assertEquals(Set.of("twin", "lin"), shadows.keySet());
        Map<String, Decision> twin =
                shadows.get("twin").stream()
                        .collect(Collectors.toMap(Decision::decisionId, Function.identity()));
        // shadows decide beside every decision but a product's last, INACTIVE one
        List<Decision> learned =
                decisions.stream()
                        .filter(d -> d.mode() != io.banditflow.core.policy.DecisionMode.INACTIVE)
                        .toList();
        assertEquals(decisions.size() - 2, learned.size());
        assertEquals(learned.size(), twin.size());
        for (Decision d : learned) {
            Decision t = twin.get(d.decisionId());
            assertArrayEquals(d.probabilities(), t.probabilities(), 0, d.decisionId());
            assertEquals(d.arm(), t.arm(), d.decisionId());
            assertEquals(d.policyVersion(), t.policyVersion(), d.decisionId());
        }
        List<Decision> lin = TestingJobs.byProductAndRound(shadows.get("lin"));
        assertEquals(learned.size(), lin.size());
        assertTrue(lin.stream().allMatch(d -> d.algorithm().equals("linucb")));
        assertTrue(lin.get(lin.size() - 1).policyVersion() >= 5, "the shadow learned");
        assertTrue(
                lin.stream()
                        .anyMatch(
                                l ->
                                        !java.util.Arrays.equals(
                                                l.probabilities(),
                                                twin.get(l.decisionId()).probabilities())),
                "LinUCB decides otherwise");
    }
}
