package io.banditflow.ops;

import static io.banditflow.testing.TestingCommands.freePort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.job.config.JobConfig;
import io.banditflow.local.EmbeddedKafka;
import io.banditflow.testing.RestoreRuns;
import io.banditflow.testing.TestingKafka;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.curator.test.TestingServer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Losing the JobManager (issue 21, part 6; runbook "Losing the JobManager"): a session cluster with
 * ZooKeeper high availability, its JobManager killed with {@code kill -9} while the job runs, and a
 * new JobManager started in its place. The new one takes the job over from ZooKeeper and the
 * high-availability storage — {@code flink list} shows it running under its old id, no resubmit —
 * restores it from its latest checkpoint, and the decision topic (read_committed) and the final
 * learner state are exactly those of an uninterrupted run on the same input: no decision lost or
 * published twice. Runs in {@code verify}, after the jar is packaged.
 */
class JobManagerFailoverIT {
    private static final JsonMapper JSON = new JsonMapper();

    /** Only a guard against a hang: no assertion depends on how long anything takes. */
    private static final Duration DEADLINE = Duration.ofMinutes(3);

    @TempDir Path work;

    @Test
    void shouldTakeTheJobOverAfterItsJobManagerIsKilled() throws Exception {
        String jar = Path.of(System.getProperty("banditflow.jar")).toAbsolutePath().toString();
        try (TestingServer zookeeper =
                        new TestingServer(freePort(), work.resolve("zookeeper").toFile(), true);
                EmbeddedKafka kafka = EmbeddedKafka.start();
                KafkaProducer<String, String> producer =
                        TestingKafka.producer(kafka.bootstrapServers());
                SessionCluster cluster =
                        SessionCluster.start(
                                        work.resolve("cluster"),
                                        Path.of("conf/config.yaml"),
                                        2,
                                        settings(zookeeper.getConnectString()))
                                .stoppingWithThisJvm()) {
            String brokers = kafka.bootstrapServers();
            JobConfig whole = RestoreRuns.config("whole", brokers);
            JobConfig failedOver = RestoreRuns.config("ha", brokers);
            // every topic in event-time order, so that which events are late does not depend on
            // how far one topic's reader runs ahead of another's
            List<List<FeedbackEvent>> parts =
                    RestoreRuns.splitByTime(whole.clock(), RestoreRuns.rounds(whole.clock()));
            List<String> products = RestoreRuns.products(parts);
            kafka.createJobTopics(whole.kafka(), 1);
            kafka.createJobTopics(failedOver.kafka(), 1);

            RestoreRuns.produce(producer, whole.kafka(), parts);
            String uninterrupted = FlinkCli.submit(cluster, jar, jobFile("whole", brokers), 2);
            RestoreRuns.awaitConsumed(brokers, whole.kafka());
            RestoreRuns.awaitDecided(
                    brokers, whole.kafka(), RestoreRuns.LAST_ROUND, products.size());
            String uninterruptedEnd = FlinkCli.stop(cluster, uninterrupted);

            // all input before the job starts, as for the uninterrupted run: input sent to a job
            // whose sources all went idle (the test's 3 s time.sourceIdleness) lets the first
            // topic read carry the watermark past the others' events, in any run
            RestoreRuns.produce(producer, failedOver.kafka(), parts);
            String job = FlinkCli.submit(cluster, jar, jobFile("ha", brokers), 2);
            RestoreRuns.awaitDecided(brokers, failedOver.kafka(), 21, products.size());

            cluster.killJobManager();
            cluster.restartJobManager();
            awaitRunning(cluster, job);
            assertTrue(
                    Files.readString(work.resolve("cluster/log/jobmanager-1.log"))
                            .contains("Restoring job " + job + " from Checkpoint"),
                    "the new JobManager restored the job from its latest checkpoint");
            RestoreRuns.awaitConsumed(brokers, failedOver.kafka());
            RestoreRuns.awaitDecided(
                    brokers, failedOver.kafka(), RestoreRuns.LAST_ROUND, products.size());
            String failedOverEnd = FlinkCli.stop(cluster, job);

            assertEquals(
                    lateReasons(brokers, whole.kafka()), lateReasons(brokers, failedOver.kafka()));
            List<String> expected = RestoreRuns.decisions(brokers, whole.kafka());
            assertFalse(expected.isEmpty());
            assertEquals(expected, RestoreRuns.decisions(brokers, failedOver.kafka()));
            assertEquals(
                    RestoreRuns.exported(uninterruptedEnd, whole),
                    RestoreRuns.exported(failedOverEnd, failedOver));
        }
    }

    private static List<String> lateReasons(String brokers, JobConfig.Kafka topics) {
        return CommittedTopics.readAll(brokers, topics.lateTopic()).stream()
                .map(r -> r.value().replaceAll(".*\"reason\":\"([A-Z_]+)\".*", "$1"))
                .sorted()
                .toList();
    }

    /** The test's cluster: ZooKeeper high availability, state and checkpoints under the test. */
    private Map<String, String> settings(String zookeeper) throws IOException {
        return Map.ofEntries(
                Map.entry("rest.port", String.valueOf(freePort())),
                Map.entry("jobmanager.rpc.port", String.valueOf(freePort())),
                Map.entry("high-availability.jobmanager.port", String.valueOf(freePort())),
                Map.entry("metrics.reporter.prom.port", freePort() + "-" + freePort()),
                Map.entry("taskmanager.numberOfTaskSlots", "1"),
                Map.entry("taskmanager.memory.process.size", "1280m"),
                Map.entry("execution.checkpointing.interval", "1s"),
                Map.entry("execution.checkpointing.min-pause", "200ms"),
                Map.entry("execution.checkpointing.dir", work.resolve("cp").toUri() + ""),
                Map.entry("execution.checkpointing.savepoint-dir", work.resolve("sp").toUri() + ""),
                Map.entry("heartbeat.interval", "1000"),
                Map.entry("heartbeat.timeout", "10000"),
                Map.entry("high-availability.type", "zookeeper"),
                Map.entry("high-availability.zookeeper.quorum", zookeeper),
                Map.entry("high-availability.storageDir", work.resolve("ha").toUri() + ""),
                Map.entry("high-availability.cluster-id", "/banditflow-failover-it"));
    }

    private String jobFile(String run, String brokers) throws IOException {
        Path file = work.resolve(run + ".yaml");
        Files.writeString(file, RestoreRuns.jobFile(run, run, brokers));
        return file.toString();
    }

    /**
     * Asks {@code flink list} until the job shows as RUNNING under its id again, then the REST API
     * until every task runs (restored, not deploying or initializing).
     */
    private static void awaitRunning(SessionCluster cluster, String job) throws Exception {
        String last = "";
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            SessionCluster.Cli list = cluster.flink("list", "-r");
            last = list.output();
            if (last.contains(job + " : ") && last.contains("(RUNNING)")) {
                break;
            }
            Thread.sleep(1000);
        }
        assertTrue(last.contains(job + " : "), "the job did not come back: " + last);
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request =
                HttpRequest.newBuilder(
                                URI.create(
                                        "http://127.0.0.1:" + cluster.restPort() + "/jobs/" + job))
                        .build();
        while (System.nanoTime() < deadline) {
            JsonNode vertices =
                    JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body())
                            .path("vertices");
            boolean allRunning = vertices.size() > 0;
            for (JsonNode vertex : vertices) {
                allRunning &= vertex.path("status").asText().equals("RUNNING");
            }
            if (allRunning) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the job's tasks did not all run again");
    }
}
