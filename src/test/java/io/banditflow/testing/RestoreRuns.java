package io.banditflow.testing;

import io.banditflow.core.event.EventJson;
import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.round.RoundClock;
import io.banditflow.core.sim.MarketScenario;
import io.banditflow.core.sim.MarketSimulator;
import io.banditflow.job.config.JobConfig;
import io.banditflow.job.sink.KafkaJobSinks;
import io.banditflow.job.source.KafkaEventSources;
import io.banditflow.job.topology.BanditflowTopology;
import io.banditflow.ops.CommittedTopics;
import io.banditflow.ops.StateTool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The job on a real broker, stopped with a savepoint and restored: the small job of {@link
 * TestingJobs#SMALL_JOB} with its own topics per run, two days of a six-product market played at
 * one bid, and the steps of a run (produce, start from a savepoint or not, wait until consumed,
 * read the decisions). Shared by the restore and savepoint-compatibility tests and the savepoint
 * fixtures.
 */
public final class RestoreRuns {
    /** Only a guard against a hang: no assertion depends on how long anything takes. */
    private static final Duration CONSUME_DEADLINE = Duration.ofSeconds(120);

    /** The first round of {@link #rounds}. */
    private static final long FIRST_ROUND = 480_000;

    /**
     * The index of {@link #rounds}' last round. A run compared with another ends once it is
     * decided, with a savepoint, not a drain: what a drain adds past the input depends on whether
     * the sources had gone idle before it (Flink drops an idle source's final watermark,
     * FLINK-40499; docs/operations.md).
     */
    public static final int LAST_ROUND = 47;

    private RestoreRuns() {}

    /** The round of {@link #rounds}' round at {@code index}. */
    public static long round(int index) {
        return FIRST_ROUND + index;
    }

    public static JobConfig config(String run, String bootstrapServers) {
        return config(run, bootstrapServers, "");
    }

    /** The run's job with more job-file sections appended. */
    public static JobConfig config(String run, String bootstrapServers, String moreYaml) {
        return config(run, run, bootstrapServers, moreYaml);
    }

    /**
     * The run's job reading as another consumer group: a restored job commits its offsets under it,
     * so {@link #awaitConsumed} waits for it even when an earlier one has read the same input.
     */
    public static JobConfig config(
            String run, String group, String bootstrapServers, String moreYaml) {
        return JobConfig.parse(jobFile(run, group, bootstrapServers) + moreYaml);
    }

    /** The job file of {@link #config(String, String, String, String)}, as a job is submitted. */
    public static String jobFile(String run, String group, String bootstrapServers) {
        return TestingJobs.SMALL_JOB
                .replace(
                        "topics: {impressions: i, clicks: c, conversions: v, decisions: d, deadLetters: x, late: l, signals: s, control: k}",
                        "topics: {impressions: i-RUN, clicks: c-RUN, conversions: v-RUN, decisions: d-RUN,"
                                + " deadLetters: x-RUN, late: l-RUN, signals: s-RUN, control: k-RUN}\n"
                                + "  groupId: g-GROUP\n  transactionalIdPrefix: t-RUN\n  startingOffsets: earliest")
                // Idleness lets the empty control topic and the readers without a
                // partition stop holding the watermark. It is wall-clock time: a reader
                // stalled longer than it (GC, a busy 2-core machine, a split assigned late
                // to a fresh session cluster) is passed by the others and its events turn
                // late, so it is far above any stall (at 3 s a session-cluster run once
                // decided a product INACTIVE whose events had turned late). A test that needs
                // the watermark past a time waits for the decisions that show it
                // (awaitDecided), never for the idleness to have passed; and a run compared
                // with another ends once its input is decided (awaitDecided on the last
                // round), not by what a drain adds: a drain after the sources went idle fires
                // no timer past the input (Flink drops an idle source's final watermark,
                // FLINK-40499), one before it fires them all (docs/operations.md).
                .replace("sourceIdleness: P1D", "sourceIdleness: PT10S")
                .replace("RUN", run)
                .replace("GROUP", group)
                .replace("bootstrapServers: 127.0.0.1:1", "bootstrapServers: " + bootstrapServers);
    }

    /** Two days of a small market, round by round, every product at the same bid. */
    public static List<List<FeedbackEvent>> rounds(RoundClock clock) {
        MarketSimulator simulator =
                new MarketSimulator(MarketScenario.marketplace(6, 3, clock, 99), 3);
        List<List<FeedbackEvent>> rounds = new ArrayList<>();
        for (long round = FIRST_ROUND; round < FIRST_ROUND + 48; round++) {
            Map<String, MarketSimulator.Bid> bids = new HashMap<>();
            simulator
                    .scenario()
                    .products()
                    .forEach(p -> bids.put(p.id(), new MarketSimulator.Bid(0.15, null)));
            rounds.add(simulator.playRound(round, bids));
        }
        return rounds;
    }

    /** Writes rounds of events, every write acknowledged. */
    public static void produce(
            KafkaProducer<String, String> producer,
            JobConfig.Kafka topics,
            List<List<FeedbackEvent>> rounds)
            throws Exception {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (List<FeedbackEvent> round : rounds) {
            for (FeedbackEvent e : round) {
                records.add(
                        new ProducerRecord<>(
                                topics.topicOf(e.type()), e.productId(), EventJson.write(e)));
            }
        }
        TestingKafka.sendAll(producer, records);
    }

    public static JobClient start(JobConfig job, String savepoint, Path dir) throws Exception {
        return start(job, savepoint, dir, 2);
    }

    public static JobClient start(JobConfig job, String savepoint, Path dir, int parallelism)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                dir.resolve("checkpoints").toUri().toString());
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        env.enableCheckpointing(200);
        BanditflowTopology.build(
                env,
                job,
                new KafkaEventSources(job.kafka(), false),
                new KafkaJobSinks(job.kafka(), true));
        return env.executeAsync("restore " + job.kafka().groupId());
    }

    /** Waits until the job has committed (checkpointed) offsets at the end of every input topic. */
    public static void awaitConsumed(String bootstrapServers, JobConfig.Kafka topics)
            throws Exception {
        awaitConsumed(bootstrapServers, new Properties(), topics);
    }

    /** {@link #awaitConsumed(String, JobConfig.Kafka)} as a client with these settings. */
    public static void awaitConsumed(
            String bootstrapServers, Properties client, JobConfig.Kafka topics) throws Exception {
        Properties adminConfig = new Properties();
        adminConfig.putAll(client);
        adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        List<TopicPartition> inputs =
                List.of(
                        new TopicPartition(topics.impressionsTopic(), 0),
                        new TopicPartition(topics.clicksTopic(), 0),
                        new TopicPartition(topics.conversionsTopic(), 0));
        long deadline = System.nanoTime() + CONSUME_DEADLINE.toNanos();
        try (Admin admin = Admin.create(adminConfig);
                KafkaConsumer<String, String> consumer =
                        new KafkaConsumer<>(
                                CommittedTopics.readCommitted(bootstrapServers, client))) {
            Map<TopicPartition, Long> end = consumer.endOffsets(inputs);
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(topics.groupId())
                                .partitionsToOffsetAndMetadata()
                                .get();
                boolean done =
                        inputs.stream()
                                .allMatch(
                                        p ->
                                                committed.containsKey(p)
                                                        && committed.get(p).offset() >= end.get(p));
                if (done) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(
                            "job did not consume its input: " + committed + " vs " + end);
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * One impression per product, at the start of each given round of {@link #rounds}: sent after
     * later rounds were decided, they are late, and after a restore they come before the restored
     * job has any watermark.
     */
    public static List<List<FeedbackEvent>> lateImpressions(
            RoundClock clock, List<String> products, int... roundIndexes) {
        List<FeedbackEvent> late = new ArrayList<>();
        for (int index : roundIndexes) {
            long start = clock.roundStart(FIRST_ROUND + index);
            for (String product : products) {
                late.add(
                        FeedbackEvent.impression(
                                "late-" + product + "-" + index, product, start + 1, 0.15, null));
            }
        }
        return List.of(late);
    }

    /**
     * The events of {@link #rounds} in event-time order, split at the start of the rounds at {@code
     * roundIndexes}: every topic in time order, so that a pause after a part, with every source
     * idle, takes the watermark no further than that part's events (a delayed conversion listed
     * with its click's round would carry it hours ahead, and a restored job remembers how far its
     * watermark had gone).
     */
    public static List<List<FeedbackEvent>> splitByTime(
            RoundClock clock, List<List<FeedbackEvent>> rounds, int... roundIndexes) {
        List<FeedbackEvent> all =
                rounds.stream()
                        .flatMap(List::stream)
                        .sorted(java.util.Comparator.comparingLong(FeedbackEvent::eventTime))
                        .toList();
        List<List<FeedbackEvent>> parts = new ArrayList<>();
        long from = Long.MIN_VALUE;
        for (int index : roundIndexes) {
            long to = clock.roundStart(FIRST_ROUND + index);
            long start = from;
            parts.add(
                    all.stream()
                            .filter(e -> e.eventTime() >= start && e.eventTime() < to)
                            .toList());
            from = to;
        }
        long last = from;
        parts.add(all.stream().filter(e -> e.eventTime() >= last).toList());
        return parts;
    }

    /** The products of {@link #rounds}. */
    public static List<String> products(List<List<FeedbackEvent>> rounds) {
        return rounds.stream()
                .flatMap(List::stream)
                .map(FeedbackEvent::productId)
                .distinct()
                .sorted()
                .toList();
    }

    /**
     * Waits until every product has a committed decision for the round of {@link #rounds} at {@code
     * roundIndex}: the policy's clock has passed that round's decision time.
     */
    public static void awaitDecided(
            String bootstrapServers, JobConfig.Kafka topics, int roundIndex, int products)
            throws Exception {
        String round = "\"round\":" + round(roundIndex) + ",";
        long deadline = System.nanoTime() + CONSUME_DEADLINE.toNanos();
        while (decisions(bootstrapServers, topics).stream().filter(d -> d.contains(round)).count()
                < products) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("round " + roundIndex + " was not decided");
            }
            Thread.sleep(100);
        }
    }

    /** The state tool's export of a savepoint, a line per product. */
    public static List<String> exported(String savepoint, JobConfig job) throws Exception {
        return StateTool.read(savepoint).stream()
                .map(product -> StateTool.export(product, job).toString())
                .toList();
    }

    public static List<String> decisions(String bootstrapServers, JobConfig.Kafka topics) {
        return CommittedTopics.readAll(bootstrapServers, topics.decisionsTopic()).stream()
                .map(r -> r.value())
                .sorted()
                .toList();
    }
}
