package io.banditflow.ops;

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
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runbook's steps on a real standalone session cluster (a JobManager and TaskManagers as
 * separate JVMs) with a real broker, through Flink's own command line and the packaged job jar:
 * submit; stop with a savepoint; resubmit from it at parallelism 2; {@code kill -9} a TaskManager
 * while the job runs and let the job recover from its checkpoint on the TaskManager that replaces
 * it; stop with a savepoint once the input is decided. The decision topic, read with
 * read_committed, and the final learner state are exactly those of an uninterrupted run on the same
 * input: nothing lost, nothing counted twice — also when, after each restore, impressions arrive
 * with times before rounds the job had already decided (a restored job's watermark starts from
 * nothing; its clock must not). Runs in {@code verify}, after the jar is packaged.
 */
class SessionClusterOperationsIT {
    private static final JsonMapper JSON = new JsonMapper();

    @TempDir Path work;

    @Test
    void shouldKeepExactlyOnceThroughStopRescaleAndATaskManagerKilled() throws Exception {
        String jar = Path.of(System.getProperty("banditflow.jar")).toAbsolutePath().toString();
        int rest = freePort();
        Map<String, String> overrides =
                Map.ofEntries(
                        Map.entry("rest.port", String.valueOf(rest)),
                        Map.entry("jobmanager.rpc.port", String.valueOf(freePort())),
                        Map.entry("metrics.reporter.prom.port", freePort() + "-" + freePort()),
                        // one slot each: a job at parallelism 2 runs on both TaskManagers
                        Map.entry("taskmanager.numberOfTaskSlots", "1"),
                        Map.entry("taskmanager.memory.process.size", "1280m"),
                        Map.entry("execution.checkpointing.interval", "1s"),
                        Map.entry("execution.checkpointing.min-pause", "200ms"),
                        Map.entry("execution.checkpointing.dir", work.resolve("cp").toUri() + ""),
                        Map.entry(
                                "execution.checkpointing.savepoint-dir",
                                work.resolve("sp").toUri() + ""),
                        // a TaskManager killed is noticed in seconds, not the default 50
                        Map.entry("heartbeat.interval", "1000"),
                        Map.entry("heartbeat.timeout", "10000"));
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                KafkaProducer<String, String> producer =
                        TestingKafka.producer(kafka.bootstrapServers());
                SessionCluster cluster =
                        SessionCluster.start(
                                        work.resolve("cluster"),
                                        Path.of("conf/config.yaml"),
                                        2,
                                        overrides)
                                .stoppingWithThisJvm()) {
            String brokers = kafka.bootstrapServers();
            JobConfig whole = RestoreRuns.config("whole", brokers);
            JobConfig operated = RestoreRuns.config("ops", brokers);
            // in event-time order, split at rounds 24 and 36 (RestoreRuns.splitByTime)
            List<List<FeedbackEvent>> parts =
                    RestoreRuns.splitByTime(
                            whole.clock(), RestoreRuns.rounds(whole.clock()), 24, 36);
            List<String> products = RestoreRuns.products(parts);
            // one impression per product, and one of a product never seen, in a round long
            // final: sent after each restore, they are late (the runbook: "none twice")
            List<String> withNew = new java.util.ArrayList<>(products);
            withNew.add("p-never-seen");
            List<List<FeedbackEvent>> late =
                    RestoreRuns.lateImpressions(whole.clock(), withNew, 18);
            kafka.createJobTopics(whole.kafka(), 1);
            kafka.createJobTopics(operated.kafka(), 1);

            // the uninterrupted run
            RestoreRuns.produce(producer, whole.kafka(), parts);
            String uninterrupted =
                    FlinkCli.submit(cluster, jar, jobFile("whole", "whole", brokers), 2);
            RestoreRuns.awaitConsumed(brokers, whole.kafka());
            RestoreRuns.awaitDecided(
                    brokers, whole.kafka(), RestoreRuns.LAST_ROUND, products.size());
            String uninterruptedEnd = FlinkCli.stop(cluster, uninterrupted);

            // the operated one: a day at parallelism 1, stopped with a savepoint
            RestoreRuns.produce(producer, operated.kafka(), parts.subList(0, 1));
            String first = FlinkCli.submit(cluster, jar, jobFile("ops", "ops", brokers), 1);
            RestoreRuns.awaitConsumed(brokers, operated.kafka());
            // round 21 decided: the clock the savepoint keeps is past round 18's final time, so
            // the impressions of round 18 sent after the restore are late, however slowly the
            // sources went idle
            RestoreRuns.awaitDecided(brokers, operated.kafka(), 21, products.size());
            String savepoint = FlinkCli.stop(cluster, first);

            // resubmitted from it at parallelism 2, reading as a new group so that its progress
            // shows
            RestoreRuns.produce(producer, operated.kafka(), late);
            RestoreRuns.produce(producer, operated.kafka(), parts.subList(1, 2));
            JobConfig resumed = RestoreRuns.config("ops", "resumed", brokers, "");
            String second =
                    FlinkCli.submit(
                            cluster, jar, jobFile("ops", "resumed", brokers), 2, "-s", savepoint);
            RestoreRuns.awaitConsumed(brokers, resumed.kafka());

            // kill -9 a TaskManager mid-run; the replacement lets the job recover
            cluster.killTaskManager(0);
            cluster.startTaskManager();
            RestoreRuns.produce(producer, operated.kafka(), late);
            RestoreRuns.produce(producer, operated.kafka(), parts.subList(2, 3));
            RestoreRuns.awaitConsumed(brokers, resumed.kafka());
            assertTrue(restarts(rest, second) > 0, "the job failed over when its TaskManager died");
            RestoreRuns.awaitDecided(
                    brokers, resumed.kafka(), RestoreRuns.LAST_ROUND, products.size());
            String operatedEnd = FlinkCli.stop(cluster, second);

            List<String> expected = RestoreRuns.decisions(brokers, whole.kafka());
            assertFalse(expected.isEmpty());
            assertEquals(expected, RestoreRuns.decisions(brokers, operated.kafka()));
            assertEquals(
                    2L * withNew.size(),
                    CommittedTopics.readAll(brokers, operated.kafka().lateTopic()).stream()
                                    .filter(r -> r.value().contains("\"AFTER_ROUND_FINAL\""))
                                    .count()
                            - CommittedTopics.readAll(brokers, whole.kafka().lateTopic()).stream()
                                    .filter(r -> r.value().contains("\"AFTER_ROUND_FINAL\""))
                                    .count(),
                    "the late impressions, each on the late output");
            assertEquals(
                    RestoreRuns.exported(uninterruptedEnd, whole),
                    RestoreRuns.exported(operatedEnd, operated));
        }
    }

    private String jobFile(String run, String group, String brokers) throws IOException {
        Path file = work.resolve(run + "-" + group + ".yaml");
        Files.writeString(file, RestoreRuns.jobFile(run, group, brokers));
        return file.toString();
    }

    /** The job's restarts so far, from the REST API's exception history. */
    private static int restarts(int rest, String job) throws Exception {
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create(
                                                        "http://127.0.0.1:"
                                                                + rest
                                                                + "/jobs/"
                                                                + job
                                                                + "/exceptions"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        JsonNode history = JSON.readTree(response.body()).path("exceptionHistory").path("entries");
        return history.size();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
