package io.banditflow.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.event.EventType;
import io.banditflow.core.sim.AuctionMechanism;
import io.banditflow.core.sim.SimulationScenario;
import io.banditflow.job.config.JobConfig;
import io.banditflow.local.EmbeddedKafka;
import io.banditflow.testing.TestingKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.util.ParameterTool;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * evaluate reads the job's own topics on a real broker exactly as it reads the same records from
 * files: simulated logs of the sponsored-search job, written to its decision and feedback topics,
 * give the same estimates as the files they came from.
 */
class EvaluateKafkaITCase {
    @TempDir Path dir;

    @Test
    void shouldReadTheTopicsAsTheFiles() throws Exception {
        String jobFile = Files.readString(Path.of("jobs/sponsored-search.yaml"));
        JobConfig job = JobConfig.parse(jobFile);
        SimulationRun.run(
                jobFile,
                SimulationScenario.STATIONARY,
                List.of("batch-exp3"),
                8,
                4,
                2,
                job.clock().roundOf(Simulate.FIRST_ROUND_TIME),
                0,
                dir.resolve("logs"),
                Duration.ofHours(12),
                AuctionMechanism.SECOND_PRICE,
                SimulationRun.Progress.to(System.err, false));
        Path logs = dir.resolve("logs").resolve("batch-exp3");
        String fromFiles =
                evaluate(
                        "--job", "jobs/sponsored-search.yaml",
                        "--decisions", logs.resolve("decisions.jsonl").toString(),
                        "--impressions", logs.resolve("impressions.jsonl").toString(),
                        "--clicks", logs.resolve("clicks.jsonl").toString(),
                        "--conversions", logs.resolve("conversions.jsonl").toString(),
                        "--candidates", "fixed:0.15,uniform");

        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                KafkaProducer<String, String> producer =
                        TestingKafka.producer(kafka.bootstrapServers())) {
            JobConfig onBroker = job.withBootstrapServers(kafka.bootstrapServers());
            kafka.createJobTopics(onBroker.kafka(), 1);
            List<ProducerRecord<String, String>> records = new ArrayList<>();
            for (String line : Files.readAllLines(logs.resolve("decisions.jsonl"))) {
                records.add(TestingKafka.keyedByProduct(onBroker.kafka().decisionsTopic(), line));
            }
            for (EventType type : EventType.values()) {
                String file = type.name().toLowerCase(Locale.ROOT) + "s.jsonl";
                for (String line : Files.readAllLines(logs.resolve(file))) {
                    records.add(new ProducerRecord<>(onBroker.kafka().topicOf(type), line));
                }
            }
            TestingKafka.sendAll(producer, records);
            Path brokerJob = dir.resolve("job.yaml");
            Files.writeString(
                    brokerJob,
                    jobFile.replace(
                            "bootstrapServers: 127.0.0.1:9092",
                            "bootstrapServers: " + kafka.bootstrapServers()));
            String fromTopics =
                    evaluate("--job", brokerJob.toString(), "--candidates", "fixed:0.15,uniform");
            assertTrue(fromFiles.contains("fixed 0.15       IPS"), fromFiles);
            assertEquals(fromFiles, fromTopics);
        }
    }

    private static String evaluate(String... args) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Evaluate.run(
                ParameterTool.fromArgs(args),
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        return printed.toString(StandardCharsets.UTF_8);
    }
}
