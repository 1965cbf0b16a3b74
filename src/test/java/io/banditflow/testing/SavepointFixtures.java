package io.banditflow.testing;

import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.job.config.JobConfig;
import io.banditflow.local.EmbeddedKafka;
import io.banditflow.ops.StateTool;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Writes a whole savepoint of the job as a fixture: {@link RestoreRuns}' small job stopped with a
 * savepoint after the first day of its input, with the decisions it had written by then and what
 * the state tool reads from the savepoint. {@code SavepointCompatibilityITCase} restores every
 * committed one with the current code. Run when the state format changes (with {@link
 * StateFixtures}):
 *
 * <pre>mvn -q test-compile exec:exec@savepoint-fixtures</pre>
 */
public final class SavepointFixtures {
    public static final Path DIRECTORY = Path.of("src/test/resources/fixtures/savepoints");

    /** The topics, group and transactional ids of the run every fixture was taken from. */
    public static final String RUN = "fixture";

    /** Rounds of input before the savepoint. */
    public static final int ROUNDS_BEFORE = 24;

    private SavepointFixtures() {}

    public static void main(String[] args) throws Exception {
        Path target = DIRECTORY.resolve("v" + StateFixtures.VERSION);
        if (Files.exists(target)) {
            throw new IllegalStateException(
                    target + " exists: a committed fixture is never rewritten (bump the version)");
        }
        Path work = Files.createTempDirectory("savepoint-fixture");
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                KafkaProducer<String, String> producer =
                        TestingKafka.producer(kafka.bootstrapServers())) {
            JobConfig job = RestoreRuns.config(RUN, kafka.bootstrapServers());
            List<List<FeedbackEvent>> rounds = RestoreRuns.rounds(job.clock());
            kafka.createJobTopics(job.kafka(), 1);
            RestoreRuns.produce(producer, job.kafka(), rounds.subList(0, ROUNDS_BEFORE));
            JobClient client = RestoreRuns.start(job, null, work);
            RestoreRuns.awaitConsumed(kafka.bootstrapServers(), job.kafka());
            String savepoint =
                    client.stopWithSavepoint(
                                    false,
                                    work.resolve("savepoints").toUri().toString(),
                                    SavepointFormatType.CANONICAL)
                            .get();
            copy(Path.of(URI.create(savepoint)), target.resolve("savepoint"));
            Files.write(
                    target.resolve("decisions-before.jsonl"),
                    RestoreRuns.decisions(kafka.bootstrapServers(), job.kafka()));
            List<String> state = new ArrayList<>();
            for (StateTool.ProductState product : StateTool.read(savepoint)) {
                state.add(StateTool.export(product, job).toString());
            }
            Files.write(target.resolve("state.jsonl"), state);
            System.out.println("wrote " + target);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }
}
