package io.banditflow.testing;

import io.banditflow.core.policy.Decision;
import io.banditflow.job.config.JobConfig;
import io.banditflow.job.source.EventSources;
import io.banditflow.job.topology.BanditflowTopology;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** Runs the real topology on the test MiniCluster with in-memory sources and sinks. */
public final class TestingJobs {
    /** Hours-long rounds and short windows, so a test's input fits in a few lines. */
    public static final String SMALL_JOB =
            """
            name: test
            kafka:
              bootstrapServers: 127.0.0.1:1
              topics: {impressions: i, clicks: c, conversions: v, decisions: d, deadLetters: x, late: l, signals: s, control: k}
            time:
              round: PT1H
              roundsPerBatch: 2
              attributionWindow: PT2H
              decisionLead: PT0S
              maxOutOfOrderness: PT10M
              sourceIdleness: P1D
              maxFutureSkew: PT1H
              inactivityTimeout: PT4H
            bids:
              grid: [0.05, 0.10, 0.20, 0.40]
            learner:
              algorithm: batch-exp3
              learningRate: 0.5
              uniformMix: 0.1
              seed: 7
            reward:
              trafficTrailingDays: 1
              initialRange: [-1.0, 5.0]
              minRounds: 4
              historyRounds: 16
            """;

    /**
     * {@link #SMALL_JOB} answering decision requests with LinUCB: two segments and one numeric
     * feature, profit per request from −0.4 to 3.6 mapped to rewards 0 to 1.
     */
    public static final String REQUESTS_JOB =
            SMALL_JOB
                    .replace("control: k}", "control: k, requests: q}")
                    .replace(
                            "learner:\n  algorithm: batch-exp3\n  learningRate: 0.5\n  uniformMix: 0.1\n  seed: 7\n",
                            """
                            learner:
                              algorithm: linucb
                              alpha: 0.5
                              seed: 7
                            requests:
                              segments: [new, returning]
                              features: [depth]
                              rewardRange: [-0.4, 3.6]
                            """);

    private TestingJobs() {}

    /**
     * The MiniCluster of the *ITCase tests: one TaskManager with two slots (parallelism 2), its
     * metrics kept for the tests that read them.
     */
    public static MiniClusterExtension miniCluster() {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setConfiguration(RetainingReporter.addTo(new Configuration()))
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(2)
                        .build());
    }

    public static TestingSinks run(JobConfig config, EventSources sources, int parallelism)
            throws Exception {
        // with metrics kept after the job ends, for tests that read them
        Configuration conf = RetainingReporter.addTo(new Configuration());
        conf.set(
                PipelineOptions.GENERIC_TYPES,
                false); // every type on the wire has a real serializer
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        TestingSinks sinks = new TestingSinks();
        BanditflowTopology.build(env, config, sources, sinks);
        sinks.ranAs(env.execute("test").getJobID());
        return sinks;
    }

    /** Decisions in product, then round order: runs compare by it. */
    public static List<Decision> byProductAndRound(List<Decision> decisions) {
        return decisions.stream()
                .sorted(
                        java.util.Comparator.comparing(Decision::productId)
                                .thenComparingLong(Decision::round))
                .toList();
    }
}
