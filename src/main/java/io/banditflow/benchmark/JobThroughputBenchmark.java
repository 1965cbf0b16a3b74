package io.banditflow.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.banditflow.core.event.EventJson;
import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.policy.DecisionJson;
import io.banditflow.core.round.RoundClock;
import io.banditflow.core.sim.ClosedLoopSimulation;
import io.banditflow.job.config.JobConfig;
import io.banditflow.job.sink.KafkaJobSinks;
import io.banditflow.job.source.KafkaEventSources;
import io.banditflow.job.topology.BanditflowTopology;
import io.banditflow.local.EmbeddedKafka;
import io.banditflow.local.LocalFlink;
import io.banditflow.local.LocalTopics;
import io.banditflow.local.TemporaryDirectory;
import io.banditflow.ops.CommittedTopics;
import io.banditflow.ops.ToolArguments;
import io.banditflow.ops.ToolExit;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sustained throughput of the whole job against the core alone, on the same events: a recorded feed
 * of a seeded marketplace ({@link RecordedFeed}: impressions, clicks and delayed conversions as the
 * JSON the job reads) is first played through the core classes in a plain loop (parse and validate,
 * tally rounds, decide each round for every active product, learn from final batches, write each
 * decision's JSON), then loaded into an embedded KRaft broker and read by the production topology
 * (RocksDB, incremental exactly-once checkpoints, the Kafka sinks) from the start, until every
 * decision the core made has reached the decision topic. Then it prints the checkpoints' sizes and
 * durations and each task's busy, back-pressured and idle time, from the job's REST API, and the
 * CPU time the process and each task thread used meanwhile ({@link CpuTime}).
 *
 * <pre>
 * mvn -q compile exec:exec@throughput -Dthroughput.args="--products 100000 --days 4 --events-per-product-day 10"
 * </pre>
 *
 * Options: {@code --job jobs/sponsored-search.yaml}, {@code --products 1000}, {@code --days 4},
 * {@code --events-per-product-day 100}, {@code --seed 1}, {@code --parallelism 1}, {@code
 * --checkpoint-interval-seconds 10}, {@code --managed-memory 2g} (RocksDB's cache and write
 * buffers), {@code --stall-seconds 120} (give up when no decision comes for that long), {@code
 * --core-only}, {@code --savepoint} (then stop the job with a canonical savepoint, report its size
 * and time, restore from it until the job decides again, and the same with a native savepoint:
 * RocksDB's own files), {@code --flink "key=value;key=value"} (Flink options for the job's local
 * cluster, to compare settings on the same workload).
 */
public final class JobThroughputBenchmark {
    private static final Pattern ROUND = Pattern.compile("\"round\":(\\d+)");
    private static final Pattern DECISION_ID = Pattern.compile("\"decisionId\":\"([^\"]+)\"");
    private static final Instant START = Instant.parse("2025-03-01T00:00:00Z");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = new JsonMapper();

    /** Every option, as the class comment documents them. */
    public static final List<String> OPTIONS =
            List.of(
                    "job",
                    "products",
                    "days",
                    "events-per-product-day",
                    "seed",
                    "parallelism",
                    "checkpoint-interval-seconds",
                    "managed-memory",
                    "stall-seconds",
                    "flink",
                    "core-only",
                    "savepoint");

    private JobThroughputBenchmark() {}

    public static void main(String[] args) throws Exception {
        ToolExit.run("throughput benchmark", () -> run(args));
    }

    private static void run(String[] args) throws Exception {
        ParameterTool params = ToolArguments.parse(args, OPTIONS);
        Path jobPath = Path.of(params.get("job", "jobs/sponsored-search.yaml"));
        JobConfig config = JobConfig.load(jobPath);
        int products = params.getInt("products", 1_000);
        int days = params.getInt("days", 4);
        double eventsPerProductDay = params.getDouble("events-per-product-day", 100);
        long seed = params.getLong("seed", 1);
        int parallelism = params.getInt("parallelism", 1);
        Duration checkpointInterval =
                Duration.ofSeconds(params.getInt("checkpoint-interval-seconds", 10));
        String managedMemory = params.get("managed-memory", "2g");
        // decisions reach a read_committed reader a checkpoint at a time, and at 10⁶ products a
        // round's timers keep the task busy for tens of seconds
        int stallSeconds = params.getInt("stall-seconds", 120);
        Map<String, String> flinkOptions = flinkOptions(params.get("flink", ""));
        RoundClock clock = config.clock();
        long firstRound = clock.roundOf(START.toEpochMilli());
        int rounds = days * clock.periodsPerDay();

        long recordingStarted = System.nanoTime();
        RecordedFeed feed =
                RecordedFeed.record(
                        clock,
                        products,
                        days,
                        eventsPerProductDay,
                        config.baselineBid(),
                        seed,
                        firstRound);
        System.out.printf(
                "throughput: %s (%s), %,d products, %d days of %d rounds: %,d events (%,.0f MB of"
                        + " JSON), recorded in %.1f s%n",
                config.name(),
                config.learner().algorithm(),
                products,
                days,
                clock.periodsPerDay(),
                feed.events(),
                feed.bytes() / 1e6,
                seconds(recordingStarted));

        // the last round's decisions wait for a watermark past its decision time, which the idle
        // end of a backlog may not give: both count the rounds before it
        long countedRounds = firstRound + rounds - 1;
        CoreRun cold = core(feed, config, firstRound, rounds, countedRounds);
        CoreRun warm = core(feed, config, firstRound, rounds, countedRounds);
        System.out.printf(
                "core alone (one thread): %,d decisions (%,.0f MB of JSON); cold %.1f s, warm %.1f s"
                        + " = %,.0f events/s, %,.0f decisions/s%n",
                warm.decisions,
                warm.decisionBytes / 1e6,
                cold.seconds,
                warm.seconds,
                feed.events() / warm.seconds,
                warm.decisions / warm.seconds);
        if (params.has("core-only")) {
            return;
        }

        try (TemporaryDirectory checkpoints =
                        TemporaryDirectory.create("banditflow-throughput-checkpoints-");
                EmbeddedKafka kafka = EmbeddedKafka.start()) {
            JobConfig job = config.withBootstrapServers(kafka.bootstrapServers());
            JobConfig.Kafka topics = job.kafka();
            kafka.createJobTopics(topics, 2);
            long loadStarted = System.nanoTime();
            load(kafka.bootstrapServers(), topics, feed);
            System.out.printf("loaded into Kafka in %.1f s%n", seconds(loadStarted));

            Configuration flink = LocalFlink.localFlink(checkpoints.path(), checkpointInterval);
            // RocksDB's block cache and write buffers come from managed memory: a local
            // environment's default (128 MB) makes every state read of a large job a file read
            flink.setString("taskmanager.memory.managed.size", managedMemory);
            int restPort = EmbeddedKafka.freePort(); // to read the checkpoint statistics
            flink.set(RestOptions.PORT, restPort);
            // the REST API caches a job's task states for this long (3 s by default)
            flink.setString("web.refresh-interval", "100 ms");
            flink.setString("metrics.fetcher.update-interval", "1 s");
            flinkOptions.forEach(
                    (key, value) -> {
                        flink.setString(key, value);
                        System.out.printf("flink: %s = %s%n", key, value);
                    });
            AtomicLong decided = new AtomicLong();
            AtomicLong probeDecidedAt = new AtomicLong();
            AtomicLong probeFromRound = new AtomicLong(Long.MAX_VALUE);
            Set<String> decisionIds = ConcurrentHashMap.newKeySet();
            AtomicLong lastDecisionAt = new AtomicLong();
            Thread reader =
                    new Thread(
                            () ->
                                    countDecisions(
                                            kafka.bootstrapServers(),
                                            topics.decisionsTopic(),
                                            countedRounds,
                                            decided,
                                            decisionIds,
                                            lastDecisionAt,
                                            probeFromRound,
                                            probeDecidedAt),
                            "decisions");
            reader.setDaemon(true);
            reader.start();

            CpuTime.Snapshot cpuAtSubmission = CpuTime.take();
            long submitted = System.nanoTime();
            JobClient client = submit(flink, parallelism, job);
            long stalledSince = System.nanoTime();
            long seen = 0;
            long nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (decided.get() < warm.decisions) {
                TimeUnit.MILLISECONDS.sleep(200);
                if (System.nanoTime() > nextReport) {
                    System.out.printf(
                            "  %4.0f s: %,d of %,d decisions%n",
                            seconds(submitted), decided.get(), warm.decisions);
                    nextReport += TimeUnit.SECONDS.toNanos(5);
                }
                if (decided.get() != seen) {
                    seen = decided.get();
                    stalledSince = System.nanoTime();
                } else if (System.nanoTime() - stalledSince
                        > TimeUnit.SECONDS.toNanos(stallSeconds)) {
                    System.out.printf(
                            "no new decision for %d s: %,d of %,d; the rates below are of an"
                                    + " incomplete run%n",
                            stallSeconds, decided.get(), warm.decisions);
                    break;
                }
            }
            if (decided.get() == 0) {
                throw new IllegalStateException(
                        "the job made no decision in "
                                + stallSeconds
                                + " s: its log above says why");
            }
            CpuTime.Usage cpu = CpuTime.between(cpuAtSubmission, CpuTime.take());
            double cpuSeconds = seconds(submitted);
            double jobSeconds = (lastDecisionAt.get() - submitted) / 1e9;
            List<String> missed =
                    warm.decisionIds().stream()
                            .filter(id -> !decisionIds.contains(id))
                            .sorted()
                            .toList();
            if (!missed.isEmpty()) {
                System.out.printf(
                        "decided by the core, not by the job: %,d, e.g. %s%n",
                        missed.size(), missed.subList(0, Math.min(3, missed.size())));
            }
            System.out.printf(
                    "job (parallelism %d, RocksDB with %s of managed memory, exactly-once"
                            + " checkpoints every %s): %,d"
                            + " decisions in %.1f s from submission = %,.0f events/s (%,.0f per"
                            + " task slot), %,d decisions/s%n",
                    parallelism,
                    managedMemory,
                    checkpointInterval,
                    decided.get(),
                    jobSeconds,
                    feed.events() / jobSeconds,
                    feed.events() / jobSeconds / parallelism,
                    (long) (decided.get() / jobSeconds));
            System.out.printf(
                    "the job takes %.1f× the core's time on these events%n",
                    jobSeconds / warm.seconds);
            printCheckpoints(restPort, client.getJobID());
            printTaskTimes(restPort, client.getJobID(), jobSeconds);
            cpu.print(cpuSeconds);
            System.out.printf(
                    "decision topic on the broker: %s%n", kafka.stored(topics.decisionsTopic()));
            System.out.printf(
                    "late events %,d, dead letters %,d%n",
                    CommittedTopics.readAll(kafka.bootstrapServers(), topics.lateTopic()).size(),
                    CommittedTopics.readAll(kafka.bootstrapServers(), topics.deadLettersTopic())
                            .size());
            if (params.has("savepoint")) {
                try (TemporaryDirectory savepoints =
                        TemporaryDirectory.create("banditflow-throughput-savepoints-")) {
                    int restore = 0;
                    for (SavepointFormatType format : SavepointFormatType.values()) {
                        // decisions of an earlier restore may still be committed meanwhile
                        probeFromRound.set(
                                countedRounds + 2 + (long) restore * clock.periodsPerDay());
                        probeDecidedAt.set(0);
                        client =
                                stopAndRestore(
                                        client,
                                        format,
                                        savepoints.path(),
                                        restore++,
                                        flink,
                                        parallelism,
                                        job,
                                        feed,
                                        probeDecidedAt);
                    }
                    LocalFlink.cancel(client);
                }
            } else {
                LocalFlink.cancel(client);
            }
        }
    }

    private static JobClient submit(Configuration flink, int parallelism, JobConfig job)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        env.setParallelism(parallelism);
        BanditflowTopology.build(
                env,
                job,
                new KafkaEventSources(job.kafka(), false),
                new KafkaJobSinks(job.kafka(), true));
        return env.executeAsync("banditflow throughput " + job.name());
    }

    /**
     * Stops the job with a savepoint of the given format (canonical, as {@code flink stop} takes it
     * by default, or native: RocksDB's own files), then restores it and feeds it a few events past
     * the feed's end: how long the state takes to save and to come back until the job decides
     * again.
     *
     * @param restore how many restores came before this one: each probe comes later than the last
     */
    private static JobClient stopAndRestore(
            JobClient client,
            SavepointFormatType format,
            Path savepoints,
            int restore,
            Configuration flink,
            int parallelism,
            JobConfig job,
            RecordedFeed feed,
            AtomicLong probeDecidedAt)
            throws Exception {
        long stopping = System.nanoTime();
        String savepoint =
                client.stopWithSavepoint(false, savepoints.toUri().toString(), format).get();
        double stopSeconds = seconds(stopping);
        long bytes;
        try (Stream<Path> files = Files.walk(Path.of(URI.create(savepoint)))) {
            bytes =
                    files.filter(Files::isRegularFile)
                            .mapToLong(JobThroughputBenchmark::size)
                            .sum();
        }
        int products = feed.scenario().products().size();
        System.out.printf(
                "%s savepoint in %.1f s: %,.1f MB, %,.0f B per product: %s%n",
                format.name().toLowerCase(Locale.ROOT),
                stopSeconds,
                bytes / 1e6,
                (double) bytes / products,
                savepoint);
        probe(job, feed, restore);
        Configuration restoring = new Configuration(flink);
        restoring.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        int restPort = EmbeddedKafka.freePort();
        restoring.set(RestOptions.PORT, restPort);
        long restoreSubmitted = System.nanoTime();
        JobClient restored = submit(restoring, parallelism, job);
        System.out.printf(
                "restored from it: every task running (state restored) %.1f s after submission%n",
                (awaitRunning(restPort, restored.getJobID()) - restoreSubmitted) / 1e9);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (probeDecidedAt.get() == 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        if (probeDecidedAt.get() == 0) {
            System.out.println("the restored job made no decision within 10 minutes");
        } else {
            System.out.printf(
                    "and deciding again (every product's rounds up to the probe's decided) %.1f s"
                            + " after submission%n",
                    (probeDecidedAt.get() - restoreSubmitted) / 1e9);
        }
        return restored;
    }

    /**
     * The job's checkpoints so far, as its REST API reports them: how many, their full size (the
     * whole state) and their incremental size (the RocksDB files new since the checkpoint before),
     * and how long they took from trigger to the last acknowledgement.
     */
    private static void printCheckpoints(int restPort, JobID job) throws Exception {
        JsonNode stats = rest(restPort, "/jobs/" + job + "/checkpoints");
        JsonNode summary = stats.path("summary");
        JsonNode latest = stats.path("latest").path("completed");
        System.out.printf(
                "checkpoints: %d completed, %d failed; the last: full %,.1f MB, incremental %,.1f"
                        + " MB, %,d ms; all: incremental %,.1f MB on average (max %,.1f MB),"
                        + " %,d ms on average (max %,d ms)%n",
                stats.path("counts").path("completed").asLong(),
                stats.path("counts").path("failed").asLong(),
                latest.path("state_size").asLong() / 1e6,
                latest.path("checkpointed_size").asLong() / 1e6,
                latest.path("end_to_end_duration").asLong(),
                summary.path("checkpointed_size").path("avg").asDouble() / 1e6,
                summary.path("checkpointed_size").path("max").asLong() / 1e6,
                summary.path("end_to_end_duration").path("avg").asLong(),
                summary.path("end_to_end_duration").path("max").asLong());
    }

    /**
     * {@code --flink "key=value;key=value"}, read before the feed is recorded so that a typo fails
     * at once rather than minutes into the run.
     */
    private static Map<String, String> flinkOptions(String options) {
        Map<String, String> parsed = new TreeMap<>();
        for (String option : options.split(";")) {
            if (option.isBlank()) {
                continue;
            }
            String[] keyValue = option.split("=", 2);
            if (keyValue.length != 2 || keyValue[0].isBlank()) {
                throw new IllegalArgumentException(
                        "--flink takes key=value pairs separated by ';', not: " + option);
            }
            parsed.put(keyValue[0].trim(), keyValue[1].trim());
        }
        return parsed;
    }

    /**
     * Where each task's time went, as Flink accounts it (its REST API's accumulated busy,
     * back-pressured and idle time): a task that is busy nearly all the time sets the pace; one
     * that is mostly back-pressured waits on it.
     */
    private static void printTaskTimes(int restPort, JobID job, double jobSeconds)
            throws Exception {
        System.out.printf(
                "task time (busy / back-pressured / idle, seconds of %.0f):%n", jobSeconds);
        for (JsonNode vertex : rest(restPort, "/jobs/" + job).path("vertices")) {
            JsonNode subtasks =
                    rest(restPort, "/jobs/" + job + "/vertices/" + vertex.path("id").asText())
                            .path("subtasks");
            double busy = 0;
            double backPressured = 0;
            double idle = 0;
            for (JsonNode subtask : subtasks) {
                JsonNode metrics = subtask.path("metrics");
                busy += metrics.path("accumulated-busy-time").asLong() / 1e3;
                backPressured += metrics.path("accumulated-backpressured-time").asLong() / 1e3;
                idle += metrics.path("accumulated-idle-time").asLong() / 1e3;
            }
            String name = vertex.path("name").asText();
            System.out.printf(
                    "  %6.1f / %6.1f / %6.1f  %s%n",
                    busy, backPressured, idle, CpuTime.shortened(name));
        }
    }

    /**
     * Waits until every task of the job runs — a restoring task stays initializing until its state
     * is back — and returns when (System.nanoTime).
     */
    private static long awaitRunning(int restPort, JobID job) throws Exception {
        while (true) {
            JsonNode vertices = null;
            try {
                vertices = rest(restPort, "/jobs/" + job).path("vertices");
            } catch (java.io.IOException notYet) {
                // the cluster's REST endpoint is still starting
            }
            if (vertices != null && vertices.size() > 0) {
                boolean running = true;
                for (JsonNode vertex : vertices) {
                    running &= vertex.path("status").asText().equals("RUNNING");
                }
                if (running) {
                    return System.nanoTime();
                }
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    private static JsonNode rest(int port, String path) throws Exception {
        HttpResponse<String> response =
                HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A command for no product, stamped now: it moves the control stream's watermark. */
    private static ProducerRecord<String, String> noOpCommand(String topic) {
        long now = System.currentTimeMillis();
        return new ProducerRecord<>(
                topic,
                "no-such-product",
                "{\"commandId\":\"throughput-benchmark-"
                        + now
                        + "\",\"scope\":\"no-such-product\",\"action\":\"RELEASE\","
                        + "\"reason\":\"benchmark\",\"issuedBy\":\"throughput-benchmark\","
                        + "\"eventTime\":"
                        + now
                        + "}");
    }

    /**
     * One event on every partition of every feedback topic, six hours after the feed's end (and a
     * day later for every restore before), and a command for no product: after a restore the
     * control source's watermark starts over, and a quiet control topic would hold every decision
     * back until the source idles.
     */
    private static void probe(JobConfig job, RecordedFeed feed, int restore) throws Exception {
        RoundClock clock = feed.scenario().clock();
        long end = clock.roundStart(feed.firstRound() + feed.rounds().size());
        long time = end + TimeUnit.HOURS.toMillis(6 + 24L * restore);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(LocalTopics.orderedProducer(job.kafka().bootstrapServers()))) {
            for (int partition = 0; partition < 2; partition++) {
                String product = "restore-probe-" + partition;
                String id = restore + "-" + partition;
                for (FeedbackEvent event :
                        List.of(
                                FeedbackEvent.impression("pi-" + id, product, time, 0.1, null),
                                FeedbackEvent.click("pc-" + id, product, time, 0.1, null),
                                FeedbackEvent.conversion(
                                        "pv-" + id,
                                        product,
                                        time,
                                        time - TimeUnit.HOURS.toMillis(1),
                                        1.0,
                                        null))) {
                    producer.send(
                                    new ProducerRecord<>(
                                            job.kafka().topicOf(event.type()),
                                            partition,
                                            product,
                                            EventJson.write(event)))
                            .get();
                }
            }
            if (job.kafka().controlTopic() != null) {
                producer.send(noOpCommand(job.kafka().controlTopic())).get();
            }
        }
    }

    /** What the core alone did with the feed. */
    private record CoreRun(
            long decisions, long decisionBytes, double seconds, Set<String> decisionIds) {}

    private static CoreRun core(
            RecordedFeed feed, JobConfig config, long firstRound, int rounds, long countedRounds) {
        long[] decisions = new long[2];
        Set<String> ids = new HashSet<>();
        ClosedLoopSimulation loop =
                new ClosedLoopSimulation(
                                feed,
                                config.policy(),
                                config.trafficProfile(),
                                config.contextFeatures())
                        .activatingOnFirstEvent(config.baselineBid())
                        .observing(
                                (decision, expected) -> {
                                    byte[] json = DecisionJson.utf8(decision);
                                    if (decision.round() < countedRounds) {
                                        ids.add(decision.decisionId());
                                        decisions[0]++;
                                        decisions[1] += json.length;
                                    }
                                });
        long started = System.nanoTime();
        loop.run(firstRound, rounds);
        return new CoreRun(decisions[0], decisions[1], seconds(started), ids);
    }

    private static void load(String bootstrap, JobConfig.Kafka topics, RecordedFeed feed) {
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(
                        Map.of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                                ProducerConfig.LINGER_MS_CONFIG, "20",
                                ProducerConfig.BATCH_SIZE_CONFIG, "262144",
                                ProducerConfig.ACKS_CONFIG, "1"),
                        new org.apache.kafka.common.serialization.StringSerializer(),
                        new org.apache.kafka.common.serialization.StringSerializer())) {
            for (List<RecordedFeed.Record> round : feed.rounds()) {
                for (RecordedFeed.Record record : round) {
                    producer.send(
                            new ProducerRecord<>(
                                    topics.topicOf(record.type()),
                                    record.productId(),
                                    record.json()));
                }
            }
            if (topics.controlTopic() != null) {
                // the control stream's watermark passes the whole feed at once instead of holding
                // it back until the source idles (time.sourceIdleness)
                producer.send(noOpCommand(topics.controlTopic()));
            }
            producer.flush();
        }
    }

    /**
     * Counts the decisions for rounds before {@code endRound}, and notes when the first decision
     * for a round at or after {@code probeFromRound} comes.
     */
    private static void countDecisions(
            String bootstrap,
            String topic,
            long endRound,
            AtomicLong decided,
            Set<String> decisionIds,
            AtomicLong lastDecisionAt,
            AtomicLong probeFromRound,
            AtomicLong probeDecidedAt) {
        LocalTopics.follow(
                bootstrap,
                "throughput-benchmark",
                topic,
                Duration.ofMillis(50),
                value -> {
                    Matcher m = ROUND.matcher(value);
                    if (!m.find()) {
                        return;
                    }
                    long round = Long.parseLong(m.group(1));
                    if (round >= probeFromRound.get()) { // decided after the latest restore
                        probeDecidedAt.compareAndSet(0, System.nanoTime());
                    }
                    if (round < endRound) {
                        Matcher id = DECISION_ID.matcher(value);
                        if (id.find()) {
                            decisionIds.add(id.group(1));
                        }
                        decided.incrementAndGet();
                        lastDecisionAt.set(System.nanoTime());
                    }
                });
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
