package io.banditflow.job;

import static io.banditflow.testing.TestTime.H;
import static io.banditflow.testing.TestTime.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.event.EventJson;
import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.policy.DecisionJson;
import io.banditflow.job.config.JobConfig;
import io.banditflow.job.sink.KafkaJobSinks;
import io.banditflow.job.source.KafkaEventSources;
import io.banditflow.job.topology.BanditflowTopology;
import io.banditflow.local.EmbeddedKafka;
import io.banditflow.ops.CommittedTopics;
import io.banditflow.testing.TestingJobs;
import io.banditflow.testing.TestingKafka;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One source reader, two partitions hours apart in event time (as in a replay where one partition
 * is read ahead of the other). Watermarks are generated per partition, so the earlier partition's
 * events still count: nothing goes to the late output, and both products are decided.
 */
class UnevenPartitionsITCase {
    @RegisterExtension static final MiniClusterExtension CLUSTER = TestingJobs.miniCluster();

    @Test
    void shouldNotMakeOnePartitionsEventsLateBecauseOfAnother() throws Exception {
        JobConfig config = JobConfig.parse(TestingJobs.SMALL_JOB);
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            JobConfig job = config.withBootstrapServers(kafka.bootstrapServers());
            JobConfig.Kafka topics = job.kafka();
            kafka.createJobTopics(topics, 2);
            // partition 0: product "late" from hour 20 on; partition 1: product "early", hours 0-5
            List<ProducerRecord<String, String>> records = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                long lateTime = T0 + 20 * H + i * 60_000L;
                records.add(
                        record(
                                topics.impressionsTopic(),
                                0,
                                FeedbackEvent.impression("l" + i, "late", lateTime, 0.1, null)));
                long earlyTime = T0 + i * 90_000L;
                records.add(
                        record(
                                topics.impressionsTopic(),
                                1,
                                FeedbackEvent.impression("e" + i, "early", earlyTime, 0.1, null)));
            }
            try (KafkaProducer<String, String> producer =
                    TestingKafka.producer(kafka.bootstrapServers())) {
                TestingKafka.sendAll(producer, records);
            }
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1); // one reader owns both partitions
            BanditflowTopology.build(
                    env,
                    job,
                    new KafkaEventSources(topics, true),
                    new KafkaJobSinks(topics, false));
            env.execute("uneven partitions");

            assertEquals(
                    0,
                    CommittedTopics.readAll(kafka.bootstrapServers(), topics.lateTopic()).size());
            Set<String> decided =
                    CommittedTopics.readAll(kafka.bootstrapServers(), topics.decisionsTopic())
                            .stream()
                            .map(r -> DecisionJson.read(r.value()).productId())
                            .collect(Collectors.toSet());
            assertEquals(Set.of("early", "late"), decided);
            assertTrue(
                    CommittedTopics.readAll(kafka.bootstrapServers(), topics.deadLettersTopic())
                            .isEmpty());
        }
    }

    private static ProducerRecord<String, String> record(
            String topic, int partition, FeedbackEvent event) {
        return new ProducerRecord<>(topic, partition, event.productId(), EventJson.write(event));
    }
}
