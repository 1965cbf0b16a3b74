package io.banditflow.ops;

import io.banditflow.job.config.JobConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The topics a job file names, with the settings the README and the runbook prescribe, and a
 * command that creates the missing ones on a broker:
 *
 * <pre>
 * bin/topics --job jobs/sponsored-search.yaml --bootstrap-server 127.0.0.1:9092 [--partitions 4]
 *            [--replication-factor 1]
 * </pre>
 *
 * <ul>
 *   <li>the feedback inputs, the decisions, the shadow decisions, the drift signals and the
 *       decision requests are keyed by product and get {@code --partitions} partitions;
 *   <li>the decisions, shadow decisions and the catalog are compacted ({@code
 *       cleanup.policy=compact}): a reader can always get each product's latest (README, "Running
 *       on a Flink session cluster");
 *   <li>the control topic keeps its commands forever ({@code retention.ms=-1}): commands are
 *       standing orders that a job started without state reads from the beginning (runbook, "Kill
 *       switch");
 *   <li>dead letters, late events and control have one partition: they are read by people.
 * </ul>
 *
 * A topic that exists is left as it is (its settings are an operator's choice once made).
 */
public final class JobTopics {
    private static final Map<String, String> COMPACTED = Map.of("cleanup.policy", "compact");
    private static final Map<String, String> KEPT_FOREVER = Map.of("retention.ms", "-1");

    private JobTopics() {}

    /** One topic: its name, partitions and the settings it is created with. */
    public record Topic(String name, int partitions, Map<String, String> configs) {}

    /** The topics of a job, in the order the README lists them; optional ones only if named. */
    public static List<Topic> of(JobConfig.Kafka kafka, int partitions) {
        List<Topic> topics = new ArrayList<>();
        topics.add(new Topic(kafka.impressionsTopic(), partitions, Map.of()));
        topics.add(new Topic(kafka.clicksTopic(), partitions, Map.of()));
        topics.add(new Topic(kafka.conversionsTopic(), partitions, Map.of()));
        topics.add(new Topic(kafka.decisionsTopic(), partitions, COMPACTED));
        topics.add(new Topic(kafka.signalsTopic(), partitions, Map.of()));
        topics.add(new Topic(kafka.deadLettersTopic(), 1, Map.of()));
        topics.add(new Topic(kafka.lateTopic(), 1, Map.of()));
        topics.add(new Topic(kafka.controlTopic(), 1, KEPT_FOREVER));
        addIfNamed(topics, kafka.catalogTopic(), 1, COMPACTED);
        addIfNamed(topics, kafka.requestsTopic(), partitions, Map.of());
        addIfNamed(topics, kafka.shadowTopic(), partitions, COMPACTED);
        return topics;
    }

    private static void addIfNamed(
            List<Topic> topics, String name, int partitions, Map<String, String> configs) {
        if (name != null) {
            topics.add(new Topic(name, partitions, configs));
        }
    }

    /**
     * Creates the topics the broker does not have yet.
     *
     * @return per topic, whether it was created now (true) or existed (false)
     */
    public static Map<Topic, Boolean> createMissing(
            Admin admin, List<Topic> topics, short replicationFactor)
            throws InterruptedException, ExecutionException {
        Set<String> existing = admin.listTopics().names().get();
        Map<Topic, Boolean> created = new LinkedHashMap<>();
        List<NewTopic> missing = new ArrayList<>();
        for (Topic topic : topics) {
            boolean isNew = !existing.contains(topic.name()) && !created.containsKey(topic);
            created.put(topic, isNew);
            if (isNew) {
                missing.add(
                        new NewTopic(topic.name(), topic.partitions(), replicationFactor)
                                .configs(topic.configs()));
            }
        }
        admin.createTopics(missing).all().get();
        return created;
    }

    /** The command line: one line per topic on stdout, {@code created} or {@code exists}. */
    public static void main(String[] args) throws Exception {
        ToolExit.run("topics", () -> createFromCommandLine(args));
    }

    private static void createFromCommandLine(String[] args) throws Exception {
        Map<String, String> options = options(args);
        JobConfig job = JobConfig.load(Path.of(options.get("--job")));
        int partitions = Integer.parseInt(options.getOrDefault("--partitions", "4"));
        short replication = Short.parseShort(options.getOrDefault("--replication-factor", "1"));
        if (partitions < 1 || replication < 1) {
            throw new IllegalArgumentException(
                    "--partitions and --replication-factor must be at least 1");
        }
        Properties client = job.kafka().clientConfig();
        if (options.containsKey("--command-config")) {
            try (var in = Files.newInputStream(Path.of(options.get("--command-config")))) {
                client.load(in);
            }
        }
        client.put(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                options.getOrDefault("--bootstrap-server", job.kafka().bootstrapServers()));
        client.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "60000");
        try (Admin admin = Admin.create(client)) {
            Map<Topic, Boolean> created =
                    createMissing(admin, of(job.kafka(), partitions), replication);
            created.forEach((topic, isNew) -> System.out.println(describe(topic, isNew)));
        }
    }

    private static String describe(Topic topic, boolean created) {
        StringBuilder line =
                new StringBuilder(created ? "created " : "exists  ")
                        .append(topic.name())
                        .append(created ? "  partitions=" + topic.partitions() : "");
        if (created) {
            topic.configs().forEach((k, v) -> line.append("  ").append(k).append('=').append(v));
        }
        return line.toString();
    }

    private static Map<String, String> options(String[] args) {
        Set<String> known =
                Set.of(
                        "--job",
                        "--bootstrap-server",
                        "--partitions",
                        "--replication-factor",
                        "--command-config");
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!known.contains(args[i]) || i + 1 >= args.length) {
                throw new IllegalArgumentException(
                        "usage: topics --job <job file> [--bootstrap-server <host:port>]"
                                + " [--partitions <n>] [--replication-factor <n>]"
                                + " [--command-config <client properties>]");
            }
            options.put(args[i], args[i + 1]);
        }
        if (!options.containsKey("--job")) {
            throw new IllegalArgumentException("topics: --job <job file> is required");
        }
        return options;
    }
}
