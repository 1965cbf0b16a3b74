package io.banditflow.job.config;

import static io.banditflow.job.config.ConfigOption.choice;
import static io.banditflow.job.config.ConfigOption.properties;
import static io.banditflow.job.config.ConfigOption.text;

import java.util.List;

/** The job file's {@code kafka} section: where the job reads and writes. */
public final class KafkaOptions {
    public static final ConfigOption<String> BOOTSTRAP_SERVERS =
            text("kafka.bootstrapServers", null, "brokers");

    public static final ConfigOption<String> GROUP_ID =
            text(
                            "kafka.groupId",
                            null,
                            "consumer group (offsets live in checkpoints; committed back for"
                                    + " monitoring)")
                    .withDefaultText("`banditflow-<name>`");

    public static final ConfigOption<String> STARTING_OFFSETS =
            choice(
                    "kafka.startingOffsets",
                    "committed",
                    List.of("earliest", "latest", "committed"),
                    "where a job without state starts reading (`committed`: earliest when none)");

    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX =
            text("kafka.transactionalIdPrefix", null, "prefix of the sinks' transactional ids")
                    .withDefaultText("`banditflow-<name>`");

    public static final ConfigOption<Void> PROPERTIES =
            properties(
                    "kafka.properties",
                    "none",
                    "Kafka client properties given to every client of the job and its tools"
                            + " (sources, sinks, `state rollback`, `evaluate`): security"
                            + " (`security.protocol`, `sasl.*`, `ssl.*`), timeouts. The properties"
                            + " the job sets itself (`bootstrap.servers`, `group.id`,"
                            + " `isolation.level`, `transactional.id`, serializers, …) are refused"
                            + " with the key that sets them");

    public static final ConfigOption<Void> PRODUCER =
            properties(
                    "kafka.producer",
                    "`compression.type: lz4`, `linger.ms: 50`",
                    "producer properties of the sinks, over `kafka.properties`. LZ4 by default:"
                            + " the decision topic takes a quarter of the bytes or less and the job"
                            + " runs faster ([docs/benchmarks.md](docs/benchmarks.md));"
                            + " `compression.type: none` turns it off. Batches linger 50 ms (Kafka's"
                            + " default is 5): fewer, fuller batches, less of the policy task's"
                            + " time spent starting them; the exactly-once sinks' records are read"
                            + " at the checkpoint's commit anyway. The answer sink keeps"
                            + " `linger.ms` 0");

    public static final ConfigOption<String> IMPRESSIONS =
            text("kafka.topics.impressions", null, "impressions (input)");
    public static final ConfigOption<String> CLICKS =
            text("kafka.topics.clicks", null, "clicks (input)");
    public static final ConfigOption<String> CONVERSIONS =
            text("kafka.topics.conversions", null, "conversions (input)");
    public static final ConfigOption<String> DECISIONS =
            text("kafka.topics.decisions", null, "decisions (output)");
    public static final ConfigOption<String> DEAD_LETTERS =
            text("kafka.topics.deadLetters", null, "records that could not be used, with why");
    public static final ConfigOption<String> LATE =
            text("kafka.topics.late", null, "events too late for their round");
    public static final ConfigOption<String> SIGNALS =
            text("kafka.topics.signals", null, "drift signals");
    public static final ConfigOption<String> CONTROL =
            text(
                    "kafka.topics.control",
                    null,
                    "kill switch and pause commands, read from its beginning by a job without"
                            + " state");
    public static final ConfigOption<String> CATALOG =
            text(
                            "kafka.topics.catalog",
                            null,
                            "the product catalog (status, baseline bid, attributes), read from its"
                                    + " beginning by a job without state")
                    .withDefaultText("none");
    public static final ConfigOption<String> REQUESTS =
            text("kafka.topics.requests", null, "decision requests (requests mode)")
                    .withDefaultText("none; required with `requests`");
    public static final ConfigOption<String> SHADOW =
            text("kafka.topics.shadow", null, "shadow policies' decisions")
                    .withDefaultText("none; required with `shadows`");

    static final List<ConfigOption<?>> ALL =
            List.of(
                    BOOTSTRAP_SERVERS,
                    GROUP_ID,
                    STARTING_OFFSETS,
                    TRANSACTIONAL_ID_PREFIX,
                    PROPERTIES,
                    PRODUCER,
                    IMPRESSIONS,
                    CLICKS,
                    CONVERSIONS,
                    DECISIONS,
                    DEAD_LETTERS,
                    LATE,
                    SIGNALS,
                    CONTROL,
                    CATALOG,
                    REQUESTS,
                    SHADOW);

    private KafkaOptions() {}
}
