package io.banditflow.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.event.EventParser;
import io.banditflow.core.event.EventType;
import io.banditflow.core.event.ParseResult;
import io.banditflow.core.policy.DecisionJson;
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
import java.util.SplittableRandom;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bad input through the real broker (issue 21 part 7): a few thousand records no parser accepts —
 * random text, random JSON fragments, a field given twice, deep nesting, and one record of half a
 * million control characters — sent among the valid traffic of {@code BanditflowTopologyITCase}.
 * The job keeps deciding (exactly the decisions of the clean input), and every bad record is one
 * dead letter: nothing lost, nothing crashes (the huge record's dead letter is cut, or the
 * dead-letter topic would refuse it and the job would fail on it at every restart).
 */
class BadInputKafkaITCase {
    @RegisterExtension static final MiniClusterExtension CLUSTER = TestingJobs.miniCluster();

    private static final int BAD_PER_VALID = 200;
    private static final EventParser PARSER = new EventParser(Long.MAX_VALUE / 4, () -> 0L);

    @Test
    void shouldDeadLetterEveryBadRecordAndDecideAsOnCleanInput() throws Exception {
        JobConfig config = JobConfig.parse(TestingJobs.SMALL_JOB);
        TestingSources input = BanditflowTopologyITCase.input();
        TestingSinks clean = TestingJobs.run(config, input, 2);
        SplittableRandom random = new SplittableRandom(17);

        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            JobConfig job = config.withBootstrapServers(kafka.bootstrapServers());
            JobConfig.Kafka topics = job.kafka();
            kafka.createJobTopics(topics, 1);
            List<ProducerRecord<String, String>> records = new ArrayList<>();
            int bad = 0;
            for (EventType type : EventType.values()) {
                String topic = topics.topicOf(type);
                for (Raw record : input.records(type)) {
                    records.add(new ProducerRecord<>(topic, record.payload()));
                    for (int k = 0; k < BAD_PER_VALID; k++) {
                        records.add(new ProducerRecord<>(topic, badRecord(type, random)));
                        bad++;
                    }
                }
            }
            records.add(new ProducerRecord<>(topics.topicOf(EventType.CLICK), huge()));
            bad++;
            assertTrue(bad > 2_000, "bad records: " + bad);
            try (KafkaProducer<String, String> producer =
                    TestingKafka.producer(kafka.bootstrapServers())) {
                TestingKafka.sendAll(producer, records);
            }

            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
            env.setParallelism(2);
            env.enableCheckpointing(500);
            BanditflowTopology.build(
                    env, job, new KafkaEventSources(topics, true), new KafkaJobSinks(topics, true));
            env.execute("bad input through the broker");

            List<ConsumerRecord<String, String>> decisions =
                    CommittedTopics.readAll(kafka.bootstrapServers(), topics.decisionsTopic());
            assertEquals(
                    clean.decisions().stream().map(DecisionJson::write).sorted().toList(),
                    decisions.stream().map(ConsumerRecord::value).sorted().toList());
            List<ConsumerRecord<String, String>> deadLetters =
                    CommittedTopics.readAll(kafka.bootstrapServers(), topics.deadLettersTopic());
            assertEquals(clean.deadLetters().size() + bad, deadLetters.size());
            assertTrue(
                    deadLetters.stream().anyMatch(d -> d.value().contains("characters in all]")),
                    "the huge record's dead letter, cut");
        }
    }

    /** A record the parser of {@code type} rejects, drawn from the seeded generator. */
    private static String badRecord(EventType type, SplittableRandom random) {
        while (true) {
            String candidate =
                    switch (random.nextInt(6)) {
                        case 0 -> randomText(random, random.nextInt(80));
                        case 1 -> "{" + randomText(random, random.nextInt(40));
                        case 2 -> "{\"eventId\":\"" + randomText(random, 8) + "\",\"productId\":1}";
                        case 3 ->
                                "{\"eventId\":\"e\",\"productId\":\"a\",\"eventTime\":1,"
                                        + "\"eventTime\":2,\"bid\":0.1,\"cost\":0.1,\"value\":1}";
                        case 4 -> "[".repeat(1 + random.nextInt(3_000));
                        default -> String.valueOf(random.nextLong());
                    };
            if (PARSER.parse(type, candidate) instanceof ParseResult.Rejected) {
                return candidate;
            }
        }
    }

    private static String randomText(SplittableRandom random, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            // any code point of the Basic Multilingual Plane but the surrogates
            int c = random.nextInt(0xD800);
            text.append((char) c);
        }
        return text.toString();
    }

    /**
     * A bad record of half a MiB (under the broker's default limit of 1 MiB) of control characters:
     * JSON escapes each as six bytes, so its dead letter, uncut, would be 3 MB and refused.
     */
    private static String huge() {
        String record = "{\"eventId\":\"" + "\u0001".repeat(500_000);

        return record;
    }
}
