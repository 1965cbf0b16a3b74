package io.banditflow.job;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.job.config.JobConfig;
import io.banditflow.testing.TestingJobs;
import io.banditflow.testing.TestingSinks;
import io.banditflow.testing.TestingSources;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TopologySmokeITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    @Test
    void runs() throws Exception {
        long h = 3_600_000L;
        long t0 = 1_700_000_000_000L / h * h;
        TestingSources sources = new TestingSources()
                .add(FeedbackEvent.impression("i1", "a", t0 + 600_000, 0.1, null))
                .add(FeedbackEvent.impression("i2", "b", t0 + 900_000, 0.1, null))
                .add(FeedbackEvent.click("c1", "a", t0 + 1_800_000, 0.1, null))
                .add(FeedbackEvent.conversion("v1", "a", t0 + h + 1_800_000, t0 + 1_800_000, 5, null));
        TestingSinks sinks = TestingJobs.run(JobConfig.parse(TestingJobs.SMALL_JOB), sources, 2);
        sinks.decisions().forEach(d -> System.out.println(d.productId() + " r" + d.round() + " bid " + d.bid() + " p " + d.propensity() + " v" + d.policyVersion()));
        System.out.println("late " + sinks.late() + " dead " + sinks.deadLetters());
        assertFalse(sinks.decisions().isEmpty());
    }
}
