package io.banditflow.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.job.config.JobConfig;
import io.banditflow.local.EmbeddedKafka;
import io.banditflow.testing.RestoreRuns;
import io.banditflow.testing.TestingJobs;
import io.banditflow.testing.TestingKafka;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flink stop --drain} ends event time even when it comes after every source has gone idle:
 * each product is decided to the end of its activity and gets its last decision (INACTIVE, the
 * baseline bid). Flink 2.2 drops an idle source's final watermark (FLINK-40499), so before {@link
 * io.banditflow.job.operator.EndOfInputWatermark} a drain that came after the sources' idleness
 * fired no timer past the input, and one that came before it fired them all: a run's last decisions
 * depended on wall-clock timing.
 */
class DrainITCase {
    @RegisterExtension static final MiniClusterExtension CLUSTER = TestingJobs.miniCluster();

    private static final JsonMapper JSON = new JsonMapper();

    @TempDir Path dir;

    @Test
    void shouldGiveEveryProductItsLastDecisionAtADrainAfterTheSourcesWentIdle() throws Exception {
        String savepoints = dir.resolve("savepoints").toUri().toString();
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                KafkaProducer<String, String> producer =
                        TestingKafka.producer(kafka.bootstrapServers())) {
            String brokers = kafka.bootstrapServers();
            JobConfig job = RestoreRuns.config("drain", brokers);
            List<List<FeedbackEvent>> rounds = RestoreRuns.rounds(job.clock());
            List<String> products = RestoreRuns.products(rounds);
            kafka.createJobTopics(job.kafka(), 1);
            RestoreRuns.produce(producer, job.kafka(), rounds);
            JobClient client = RestoreRuns.start(job, null, dir);
            // the input's last round decided: the watermark has passed the input, which only the
            // idleness of the empty control topic lets it do
            RestoreRuns.awaitDecided(brokers, job.kafka(), rounds.size() - 1, products.size());
            client.stopWithSavepoint(true, savepoints, SavepointFormatType.CANONICAL).get();

            Map<String, JsonNode> last = new TreeMap<>();
            for (String decision : RestoreRuns.decisions(brokers, job.kafka())) {
                JsonNode d = JSON.readTree(decision);
                last.merge(
                        d.path("productId").asText(),
                        d,
                        (a, b) -> a.path("round").asLong() > b.path("round").asLong() ? a : b);
            }
            assertEquals(products, List.copyOf(last.keySet()));
            long lastInputRound = RestoreRuns.FIRST_ROUND + rounds.size() - 1;
            for (JsonNode d : last.values()) {
                assertEquals("INACTIVE", d.path("mode").asText(), d.toString());
                assertFalse(d.path("round").asLong() <= lastInputRound, d.toString());
            }
        }
    }
}
