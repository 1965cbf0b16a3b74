package io.banditflow.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.policy.Decision;
import io.banditflow.core.policy.DecisionJson;
import io.banditflow.job.config.JobConfig;
import io.banditflow.testing.TestingJobs;
import java.util.List;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pacing through the whole topology: the global spend operator's levels reach every policy
 * instance, so the learners learn from dearer clicks (Batch EXP3) or decide with them (the value
 * landscape, with the level in force at the decision) — other decisions than unpaced, the same at
 * parallelism 1 and 2.
 */
class PacingITCase {
    @RegisterExtension static final MiniClusterExtension CLUSTER = TestingJobs.miniCluster();

    private static final String JOB = TestingJobs.SMALL_JOB + "drift: {enabled: false}\n";

    @Test
    void shouldLearnFromPacedCostsTheSameAtAnyParallelism() throws Exception {
        // a budget of 0.5 a day against clicks of 0.10: λ climbs from the first round
        JobConfig paced = assertPacedTheSameAtAnyParallelism(JOB);
        assertFalse(paced.policy().learner().weighsCostWhenDeciding());
    }

    @Test
    void shouldDecideUnderTheLevelInForceTheSameAtAnyParallelism() throws Exception {
        // value-landscape learns a click's cost and weighs it by λ in force when deciding
        JobConfig paced =
                assertPacedTheSameAtAnyParallelism(
                        JOB.replace(
                                "learner:\n  algorithm: batch-exp3\n  learningRate: 0.5\n  uniformMix: 0.1\n  seed: 7\n",
                                "learner:\n  algorithm: value-landscape\n  seed: 7\n"
                                        + "  prior: {bid: 0.10}\n"));
        assertTrue(paced.policy().learner().weighsCostWhenDeciding());
    }

    /**
     * The job paced to a budget decides the same at parallelism 1 and 2, and otherwise than capped
     * at the same budget without pacing; returns the paced job.
     */
    private static JobConfig assertPacedTheSameAtAnyParallelism(String job) throws Exception {
        JobConfig paced = JobConfig.parse(job + "guardrails: {dailySpendCap: 0.5}\npacing: {}\n");
        JobConfig capped = JobConfig.parse(job + "guardrails: {dailySpendCap: 0.5}\n");
        List<String> atOne =
                json(TestingJobs.run(paced, LearnersITCase.input(false), 1).decisions());
        List<String> atTwo =
                json(TestingJobs.run(paced, LearnersITCase.input(true), 2).decisions());
        assertFalse(atOne.isEmpty());
        assertEquals(atOne, atTwo);
        assertNotEquals(
                json(TestingJobs.run(capped, LearnersITCase.input(false), 1).decisions()),
                atOne,
                "pacing changes the decisions");
        return paced;
    }

    private static List<String> json(List<Decision> decisions) {
        return TestingJobs.byProductAndRound(decisions).stream().map(DecisionJson::write).toList();
    }
}
