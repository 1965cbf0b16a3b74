package io.banditflow.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.demo.EmbeddedKafka;
import io.banditflow.job.config.JobConfig;
import io.banditflow.testing.RestoreRuns;
import io.banditflow.testing.TestingJobs;
import io.banditflow.testing.TestingKafka;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restore invariant: a job stopped with a savepoint halfway through its input and restored
 * writes exactly the decisions of an uninterrupted run on the same input — none lost, none twice,
 * same ids — as a read_committed consumer sees them. RocksDB, exactly-once Kafka sinks.
 */
class SavepointRestoreITCase {
    @RegisterExtension static final MiniClusterExtension CLUSTER = TestingJobs.miniCluster();

    @TempDir Path dir;

    @Test
    void shouldWriteTheSameDecisionsWhenStoppedAndRestoredHalfway() throws Exception {
        String savepoints = dir.resolve("savepoints").toUri().toString();
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                KafkaProducer<String, String> producer =
                        TestingKafka.producer(kafka.bootstrapServers())) {
            String brokers = kafka.bootstrapServers();
            JobConfig uninterrupted = RestoreRuns.config("a", brokers);
            JobConfig restored = RestoreRuns.config("b", brokers);
            List<List<FeedbackEvent>> rounds = RestoreRuns.rounds(uninterrupted.clock());

            kafka.createJobTopics(uninterrupted.kafka(), 1);
            RestoreRuns.produce(producer, uninterrupted.kafka(), rounds);
            JobClient a = RestoreRuns.start(uninterrupted, null, dir);
            RestoreRuns.awaitConsumed(brokers, uninterrupted.kafka());
            String uninterruptedEnd =
                    a.stopWithSavepoint(true, savepoints, SavepointFormatType.CANONICAL).get();

            kafka.createJobTopics(restored.kafka(), 1);
            RestoreRuns.produce(producer, restored.kafka(), rounds.subList(0, 24));
            JobClient first = RestoreRuns.start(restored, null, dir);
            RestoreRuns.awaitConsumed(brokers, restored.kafka());
            String savepoint =
                    first.stopWithSavepoint(false, savepoints, SavepointFormatType.CANONICAL).get();
            int beforeStop = RestoreRuns.decisions(brokers, restored.kafka()).size();
            RestoreRuns.produce(producer, restored.kafka(), rounds.subList(24, rounds.size()));
            JobClient second = RestoreRuns.start(restored, savepoint, dir);
            RestoreRuns.awaitConsumed(brokers, restored.kafka());
            // native RocksDB format: the state tool reads it as well as the canonical one
            String restoredEnd =
                    second.stopWithSavepoint(true, savepoints, SavepointFormatType.NATIVE).get();

            List<String> expected = RestoreRuns.decisions(brokers, uninterrupted.kafka());
            assertFalse(expected.isEmpty());
            assertFalse(
                    beforeStop == 0 || beforeStop == expected.size(),
                    "the stop must fall inside the run: " + beforeStop);
            List<String> actual = RestoreRuns.decisions(brokers, restored.kafka());
            List<String> missing = new ArrayList<>(expected);
            missing.removeAll(actual);
            List<String> extra = new ArrayList<>(actual);
            extra.removeAll(expected);
            assertEquals(
                    expected.size(),
                    actual.size(),
                    "missing "
                            + missing.size()
                            + ", extra "
                            + extra.size()
                            + "; first missing: "
                            + missing.stream().limit(2).toList()
                            + "; first extra: "
                            + extra.stream().limit(2).toList());
            assertEquals(
                    List.of(),
                    missing,
                    "decisions of the uninterrupted run missing after the restore");

            // and the learners end where the uninterrupted run's did, read back from the final
            // savepoints with the state tool
            List<String> uninterruptedState = RestoreRuns.exported(uninterruptedEnd, uninterrupted);
            assertEquals(RestoreRuns.exported(restoredEnd, restored), uninterruptedState);
            assertTrue(
                    uninterruptedState.stream()
                            .anyMatch(line -> line.contains("\"policyVersion\":")),
                    "learners were read: " + uninterruptedState.stream().limit(1).toList());
        }
    }
}
