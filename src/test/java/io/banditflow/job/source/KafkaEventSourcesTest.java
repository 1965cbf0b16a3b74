package io.banditflow.job.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.banditflow.job.config.JobConfig;
import io.banditflow.job.sink.KafkaJobSinks;
import io.banditflow.job.topology.BanditflowTopology;
import io.banditflow.testing.TestingJobs;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/**
 * The sources' parallelism in the production topology: the feedback topics are read at the job's
 * parallelism, the control plane's (commands, catalog) by one reader, so that no reader without a
 * partition holds back the watermarks that gate every decision.
 */
class KafkaEventSourcesTest {
    @Test
    void shouldReadTheControlPlaneWithOneReaderWhateverTheParallelism() {
        JobConfig job =
                JobConfig.parse(
                        TestingJobs.SMALL_JOB.replace("control: k}", "control: k, catalog: cat}"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(4);
        BanditflowTopology.build(
                env,
                job,
                new KafkaEventSources(job.kafka(), false),
                new KafkaJobSinks(job.kafka(), true));

        Map<String, Integer> sources = new TreeMap<>();
        for (StreamNode node : env.getStreamGraph().getStreamNodes()) {
            if (node.getOperatorName().startsWith("Source: Kafka")) {
                sources.put(node.getOperatorName(), node.getParallelism());
            }
        }
        assertEquals(
                Map.of(
                        "Source: Kafka catalog (cat)", 1,
                        "Source: Kafka clicks (c)", 4,
                        "Source: Kafka control (k)", 1,
                        "Source: Kafka conversions (v)", 4,
                        "Source: Kafka impressions (i)", 4),
                sources);
    }
}
