package io.banditflow.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.event.EventType;
import io.banditflow.core.policy.DecisionJson;
import io.banditflow.core.policy.DecisionMode;
import io.banditflow.job.config.JobConfig;
import io.banditflow.job.sink.KafkaJobSinks;
import io.banditflow.job.source.KafkaEventSources;
import io.banditflow.job.topology.BanditflowTopology;
import io.banditflow.local.EmbeddedKafka;
import io.banditflow.ops.CommittedTopics;
import io.banditflow.testing.TestingJobs;
import io.banditflow.testing.TestingKafka;
import io.banditflow.testing.TestingSinks;
import io.banditflow.testing.TestingSources;
import io.banditflow.testing.TestingSources.Raw;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.CompressionType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job against a real KRaft broker: it reads the three feedback topics, the control topic and
 * the catalog, writes decisions exactly once on RocksDB checkpoints (compressed with LZ4, the
 * sinks' default), and a plain read_committed consumer gets back exactly the decisions of the
 * in-memory run on the same input, kill-switch included.
 */
class KafkaRoundTripITCase {
    @RegisterExtension static final MiniClusterExtension CLUSTER = TestingJobs.miniCluster();

    @TempDir java.nio.file.Path checkpoints;

    @Test
    void shouldReadTopicsAndWriteDecisionsExactlyOnce() throws Exception {
        JobConfig config =
                JobConfig.parse(
                        TestingJobs.SMALL_JOB.replace("control: k}", "control: k, catalog: cat}"));
        long h = 3_600_000L;
        long t0 = 20_000 * 24 * h; // BanditflowTopologyITCase's first round
        TestingSources input =
                BanditflowTopologyITCase.input()
                        .command(
                                "{\"commandId\":\"k1\",\"scope\":\"a\",\"action\":\"FORCE_BASELINE\","
                                        + "\"reason\":\"test\",\"issuedBy\":\"sre\",\"eventTime\":"
                                        + (t0 + 2 * h)
                                        + "}")
                        .command("{\"commandId\":\"k2\"}")
                        .catalog(
                                "{\"productId\":\"b\",\"status\":\"PAUSED\",\"eventTime\":"
                                        + (t0 + 3 * h)
                                        + "}")
                        .catalog("{\"productId\":\"b\"}");
        TestingSinks inMemory = TestingJobs.run(config, input, 2);
        assertTrue(
                inMemory.decisions().stream().anyMatch(d -> d.mode() == DecisionMode.KILLED),
                "the command binds some decisions");
        assertTrue(
                inMemory.decisions().stream().anyMatch(d -> d.mode() == DecisionMode.PAUSED),
                "the catalog pauses product b");

        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            JobConfig job = config.withBootstrapServers(kafka.bootstrapServers());
            JobConfig.Kafka topics = job.kafka();
            kafka.createJobTopics(topics, 1);
            List<ProducerRecord<String, String>> records = new ArrayList<>();
            for (EventType type : EventType.values()) {
                for (Raw record : input.records(type)) {
                    records.add(new ProducerRecord<>(topics.topicOf(type), record.payload()));
                }
            }
            for (Raw command : input.commands()) {
                records.add(new ProducerRecord<>(topics.controlTopic(), command.payload()));
            }
            for (Raw entry : input.catalogEntries()) {
                records.add(TestingKafka.keyedByProduct(topics.catalogTopic(), entry.payload()));
            }
            try (KafkaProducer<String, String> producer =
                    TestingKafka.producer(kafka.bootstrapServers())) {
                TestingKafka.sendAll(producer, records);
            }

            Configuration conf = new Configuration();
            conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
            conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(conf);
            env.setParallelism(2);
            env.enableCheckpointing(500);
            BanditflowTopology.build(
                    env, job, new KafkaEventSources(topics, true), new KafkaJobSinks(topics, true));
            env.execute("kafka round trip");

            List<ConsumerRecord<String, String>> decisions =
                    CommittedTopics.readAll(kafka.bootstrapServers(), topics.decisionsTopic());
            assertEquals(
                    inMemory.decisions().stream().map(DecisionJson::write).sorted().toList(),
                    decisions.stream().map(ConsumerRecord::value).sorted().toList());
            for (ConsumerRecord<String, String> record : decisions) {
                assertEquals(DecisionJson.read(record.value()).productId(), record.key());
            }
            assertEquals(
                    Set.of(CompressionType.LZ4),
                    kafka.stored(topics.decisionsTopic()).compression(),
                    "the sinks' producers compress, with LZ4 unless the job file says otherwise");
            assertEquals(
                    inMemory.deadLetters().size(),
                    CommittedTopics.readAll(kafka.bootstrapServers(), topics.deadLettersTopic())
                            .size());
            assertEquals(
                    inMemory.late().size(),
                    CommittedTopics.readAll(kafka.bootstrapServers(), topics.lateTopic()).size());
            assertEquals(
                    inMemory.signals().size(),
                    CommittedTopics.readAll(kafka.bootstrapServers(), topics.signalsTopic())
                            .size());
        }
    }
}
