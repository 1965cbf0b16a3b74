package io.banditflow.ops;

import static io.banditflow.testing.TestingCommands.listening;
import static io.banditflow.testing.TestingCommands.portForAService;
import static io.banditflow.testing.TestingCommands.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.event.EventJson;
import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.job.config.JobConfig;
import io.banditflow.testing.RestoreRuns;
import io.banditflow.testing.TestingCommands.Run;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local stack as an SRE meets it (issue 21, parts 2 and 3): {@code bin/stack start} brings up a
 * KRaft broker with the job's topics as the README prescribes them and a session cluster with the
 * Prometheus reporter; the runbook's commands work against it as written — Kafka's own {@code
 * kafka-topics.sh}, {@code kafka-console-producer.sh}, {@code kafka-console-consumer.sh} and {@code
 * kafka-consumer-groups.sh}, {@code flink run}, {@code flink cancel} — and every metric that an
 * alert of {@code k8s/monitoring.yaml} or a panel of the Grafana dashboard queries is on the
 * cluster's Prometheus endpoints while the job runs; {@code bin/stack stop} leaves nothing running.
 * Runs in {@code verify}, after the jar is packaged.
 */
class LocalStackIT {
    private static final Pattern SUBMITTED = Pattern.compile("JobID ([0-9a-f]{32})");
    private static final Pattern METRIC_NAME = Pattern.compile("\\b(flink_[A-Za-z0-9_]+)");
    private static final Path DASHBOARD = Path.of("k8s/grafana-dashboard.json");

    /** Only a guard against a hang: no assertion depends on how long anything takes. */
    private static final Duration DEADLINE = Duration.ofMinutes(3);

    @TempDir Path work;

    @Test
    void shouldStartAStackTheRunbookWorksAgainstAndStopIt() throws Exception {
        Map<String, String> env = stackEnvironment();
        String brokers = "127.0.0.1:" + env.get("KAFKA_PORT");
        try {
            Run start = run(env, null, "bin/stack", "start");
            assertEquals(0, start.exitCode(), start.all());
            assertTrue(start.stdout().contains("Kafka broker (KRaft)    " + brokers), start.all());
            assertTrue(
                    start.stdout()
                            .contains("created d-stack  partitions=1  cleanup.policy=compact"),
                    start.all());
            assertTrue(
                    start.stdout().contains("created k-stack  partitions=1  retention.ms=-1"),
                    start.all());
            assertTrue(
                    Files.readString(Path.of(env.get("BANDITFLOW_STACK_DIR"), "env"))
                            .contains("export BROKERS=" + brokers));

            Run described =
                    run(
                            env,
                            null,
                            "bin/kafka-topics.sh",
                            "--bootstrap-server",
                            brokers,
                            "--describe",
                            "--topic",
                            "d-stack");
            assertTrue(described.stdout().contains("cleanup.policy=compact"), described.all());

            JobConfig job = RestoreRuns.config("stack", brokers);
            produceWithConsoleProducer(env, brokers, job.kafka());
            Run submitted =
                    run(env, null, "bin/flink", "run", "-d", jar(), "--job", env.get("STACK_JOBS"));
            Matcher id = SUBMITTED.matcher(submitted.stdout());
            assertTrue(submitted.exitCode() == 0 && id.find(), submitted.all());

            Run decisions =
                    run(
                            env,
                            null,
                            "bin/kafka-console-consumer.sh",
                            "--bootstrap-server",
                            brokers,
                            "--topic",
                            "d-stack",
                            "--isolation-level",
                            "read_committed",
                            "--formatter-property",
                            "print.key=true",
                            "--from-beginning",
                            "--max-messages",
                            "3",
                            "--timeout-ms",
                            "" + DEADLINE.toMillis());
            List<String> lines = decisions.stdout().lines().toList();
            assertEquals(3, lines.size(), decisions.all());
            lines.forEach(line -> assertTrue(line.matches("p\\d+\t\\{\"decisionId\":.*"), line));

            // decisions read committed: a checkpoint completed; the source commits its offsets
            // to the group when it hears of it, a moment later, so ask until the group shows them
            Run groups = describeGroup(env, brokers, job.kafka().groupId());
            for (long deadline = System.nanoTime() + DEADLINE.toNanos();
                    !groups.stdout().contains("i-stack") && System.nanoTime() < deadline; ) {
                Thread.sleep(500);
                groups = describeGroup(env, brokers, job.kafka().groupId());
            }
            assertTrue(groups.stdout().contains("i-stack"), groups.all());

            assertMetricsTheAlertsAndTheDashboardUse(env.get("PROMETHEUS_PORTS"));
            assertTheJobOutlivesItsJobManager(env, id.group(1));

            Run cancelled = run(env, null, "bin/flink", "cancel", id.group(1));
            assertEquals(0, cancelled.exitCode(), cancelled.all());
        } finally {
            Run stop = run(env, null, "bin/stack", "stop");
            assertEquals(0, stop.exitCode(), stop.all());
            assertTrue(stop.stdout().contains("stopped 3 session cluster processes"), stop.all());
            assertTrue(stop.stdout().contains("stopped the Kafka broker"), stop.all());
            assertTrue(stop.stdout().contains("stopped ZooKeeper"), stop.all());
        }
        for (String port : List.of("KAFKA_PORT", "FLINK_REST_PORT", "ZOOKEEPER_PORT")) {
            assertFalse(listening(Integer.parseInt(env.get(port))), port + " still answers");
        }
    }

    /**
     * The runbook's "Losing the JobManager" with high availability: {@code kill -9} of the
     * JobManager that {@code bin/stack status} names, {@code bin/stack jobmanager}, and {@code
     * flink list} shows the job running under its id again, restored from its latest checkpoint.
     * (That it then decides exactly as an uninterrupted run does: JobManagerFailoverIT.)
     */
    private static void assertTheJobOutlivesItsJobManager(Map<String, String> env, String job)
            throws Exception {
        Run status = run(env, null, "bin/stack", "status");
        Matcher jobManager =
                Pattern.compile("JobManager pid (\\d+) running").matcher(status.stdout());
        assertTrue(jobManager.find(), status.all());
        Run killed = run(env, null, "kill", "-9", jobManager.group(1));
        assertEquals(0, killed.exitCode(), killed.all());

        Run restarted = run(env, null, "bin/stack", "jobmanager");
        assertEquals(0, restarted.exitCode(), restarted.all());
        assertTrue(
                restarted.stdout().contains("2 TaskManagers registered with it"), restarted.all());
        Run listed = run(env, null, "bin/flink", "list", "-r");
        for (long deadline = System.nanoTime() + DEADLINE.toNanos();
                !listed.stdout().contains(job + " : ") && System.nanoTime() < deadline; ) {
            Thread.sleep(1000);
            listed = run(env, null, "bin/flink", "list", "-r");
        }
        assertTrue(listed.stdout().contains(job + " : "), listed.all());
        assertTrue(
                Files.readString(Path.of(env.get("BANDITFLOW_CLUSTER_DIR"), "log/jobmanager-1.log"))
                        .contains("Restoring job " + job + " from Checkpoint"));
    }

    /** Free ports and the test's own directories; the test's job file as the stack's job. */
    private Map<String, String> stackEnvironment() throws IOException {
        Path jobFile = work.resolve("stack.yaml");
        Map<String, String> env = new HashMap<>();
        // below the ephemeral range: the stack's processes bind them one after another, and a
        // port from it could be taken in between by any of their outgoing connections
        env.put("KAFKA_PORT", "" + portForAService());
        env.put("KAFKA_CONTROLLER_PORT", "" + portForAService());
        env.put("FLINK_REST_PORT", "" + portForAService());
        env.put("FLINK_RPC_PORT", "" + portForAService());
        // a job manager, a task manager and the job manager that replaces the first
        env.put(
                "PROMETHEUS_PORTS",
                portForAService()
                        + ","
                        + portForAService()
                        + ","
                        + portForAService()
                        + ","
                        + portForAService());
        env.put("ZOOKEEPER_PORT", "" + portForAService());
        env.put("BANDITFLOW_STACK_DIR", work.resolve("stack").toString());
        env.put("BANDITFLOW_CLUSTER_DIR", work.resolve("cluster").toString());
        env.put("STACK_JOBS", jobFile.toString());
        env.put("STACK_PARTITIONS", "1");
        env.put(
                "STACK_FLINK_SETTINGS",
                String.join(
                        " ",
                        "execution.checkpointing.interval=1s",
                        "execution.checkpointing.min-pause=200ms",
                        "execution.checkpointing.dir=" + work.resolve("cp").toUri(),
                        "execution.checkpointing.savepoint-dir=" + work.resolve("sp").toUri(),
                        "high-availability.storageDir=" + work.resolve("ha").toUri(),
                        // the dead JobManager's leadership ends with its ZooKeeper session
                        "high-availability.zookeeper.client.session-timeout=10000",
                        "taskmanager.memory.process.size=1280m"));
        String brokers = "127.0.0.1:" + env.get("KAFKA_PORT");
        Files.writeString(jobFile, RestoreRuns.jobFile("stack", "stack", brokers));
        return env;
    }

    /**
     * A day of the test market and one record that is not JSON, written as an operator would:
     * {@code kafka-console-producer.sh} with {@code parse.key=true}, a line per record.
     */
    private void produceWithConsoleProducer(
            Map<String, String> env, String brokers, JobConfig.Kafka topics) throws Exception {
        List<List<FeedbackEvent>> day =
                RestoreRuns.rounds(RestoreRuns.config("stack", brokers).clock()).subList(0, 8);
        Map<String, StringBuilder> byTopic = new HashMap<>();
        for (List<FeedbackEvent> round : day) {
            for (FeedbackEvent e : round) {
                byTopic.computeIfAbsent(topics.topicOf(e.type()), t -> new StringBuilder())
                        .append(e.productId())
                        .append('\t')
                        .append(EventJson.write(e))
                        .append('\n');
            }
        }
        byTopic.get(topics.impressionsTopic()).append("p-bad\tnot json\n");
        for (Map.Entry<String, StringBuilder> topic : byTopic.entrySet()) {
            Run produced =
                    run(
                            env,
                            topic.getValue().toString(),
                            "bin/kafka-console-producer.sh",
                            "--bootstrap-server",
                            brokers,
                            "--topic",
                            topic.getKey(),
                            "--reader-property",
                            "parse.key=true");
            assertEquals(0, produced.exitCode(), produced.all());
        }
    }

    /**
     * Every metric name an alert or a dashboard panel queries is served by one of the cluster's
     * reporters, and the record that was not JSON shows as a dead letter.
     */
    private static void assertMetricsTheAlertsAndTheDashboardUse(String ports) throws Exception {
        Set<String> queried =
                new TreeSet<>(namesIn(Files.readString(Path.of("k8s/monitoring.yaml"))));
        queried.addAll(namesIn(Files.readString(DASHBOARD)));
        assertTrue(queried.size() >= 8, "the alerts and panels query metrics: " + queried);
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            String scraped = scrape(ports);
            Set<String> served =
                    scraped.lines()
                            .filter(line -> !line.startsWith("#"))
                            .map(line -> line.split("[{ ]", 2)[0])
                            .collect(Collectors.toSet());
            Set<String> missing = new TreeSet<>(queried);
            missing.removeAll(served);
            boolean deadLetterShown =
                    scraped.lines()
                            .anyMatch(
                                    line ->
                                            line.startsWith(
                                                            "flink_taskmanager_job_task_operator_stream_reason_deadLetters{")
                                                    && line.contains("reason=\"MALFORMED_JSON\"")
                                                    && line.endsWith(" 1.0"));
            if (missing.isEmpty() && deadLetterShown) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "not on the Prometheus endpoints: "
                                + missing
                                + (deadLetterShown ? "" : "; no MALFORMED_JSON dead letter"));
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
    }

    private static Set<String> namesIn(String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = METRIC_NAME.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static String scrape(String ports) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        StringBuilder all = new StringBuilder();
        for (String port : ports.split(",")) {
            try {
                all.append(
                        http.send(
                                        HttpRequest.newBuilder(
                                                        URI.create(
                                                                "http://127.0.0.1:"
                                                                        + port
                                                                        + "/metrics"))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .body());
            } catch (IOException notListening) {
                // a reporter port the cluster's processes did not take
            }
        }
        return all.toString();
    }

    private static Run describeGroup(Map<String, String> env, String brokers, String group)
            throws IOException, InterruptedException {
        return run(
                env,
                null,
                "bin/kafka-consumer-groups.sh",
                "--bootstrap-server",
                brokers,
                "--describe",
                "--group",
                group);
    }

    private static String jar() {
        return Path.of(System.getProperty("banditflow.jar")).toAbsolutePath().toString();
    }
}
