package io.banditflow.local;

import io.banditflow.job.config.JobConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.FileRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node Kafka broker in KRaft mode (broker and controller in one), in this JVM, on free
 * 127.0.0.1 ports, for the embedded demo and the tests. Its data lives in a temporary directory
 * that {@link #close()} deletes. Topics keep records forever: simulated event times lie in the
 * past, and time-based retention would delete them.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private final Path dir;
    private final KafkaRaftServer server;
    private final String bootstrapServers;

    private EmbeddedKafka(Path dir, KafkaRaftServer server, String bootstrapServers) {
        this.dir = dir;
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    public static EmbeddedKafka start() throws IOException {
        Path dir = Files.createTempDirectory("banditflow-kafka-");
        int brokerPort = freePort();
        int controllerPort = freePort();
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put(
                "listeners",
                "PLAINTEXT://127.0.0.1:"
                        + brokerPort
                        + ",CONTROLLER://127.0.0.1:"
                        + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        props.put("log.dirs", dir.resolve("data").toString());
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "false");
        props.put("log.retention.ms", "-1");
        Path config = dir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            props.store(out, "banditflow embedded broker");
        }
        ByteArrayOutputStream formatLog = new ByteArrayOutputStream();
        int rc =
                StorageTool.execute(
                        new String[] {
                            "format",
                            "-t",
                            UUID.randomUUID().toString().replace("-", "").substring(0, 22),
                            "-c",
                            config.toString(),
                            "--standalone"
                        },
                        new PrintStream(formatLog, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IOException("formatting Kafka storage failed: " + formatLog);
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
        server.startup();
        return new EmbeddedKafka(dir, server, "127.0.0.1:" + brokerPort);
    }

    /** A port free now on 127.0.0.1. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** A topic's record batches as the broker keeps them on disk (transaction markers left out). */
    public record StoredRecords(Set<CompressionType> compression, long records, long bytes) {
        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%,d records in %.1f MB, %,.0f bytes a record, compressed %s",
                    records,
                    bytes / 1e6,
                    records == 0 ? 0.0 : (double) bytes / records,
                    compression);
        }
    }

    /** How a topic's producers wrote it: the batches' compression, records and bytes on disk. */
    public StoredRecords stored(String topic) throws IOException {
        Set<CompressionType> compression = EnumSet.noneOf(CompressionType.class);
        long records = 0;
        long bytes = 0;
        List<Path> segments;
        try (Stream<Path> files = Files.walk(dir.resolve("data"), 2)) {
            segments =
                    files.filter(
                                    f ->
                                            f.getParent()
                                                    .getFileName()
                                                    .toString()
                                                    .matches(Pattern.quote(topic) + "-\\d+"))
                            .filter(f -> f.toString().endsWith(".log"))
                            .toList();
        }
        for (Path segment : segments) {
            try (FileRecords log = FileRecords.open(segment.toFile())) {
                for (RecordBatch batch : log.batches()) {
                    if (!batch.isControlBatch()) {
                        compression.add(batch.compressionType());
                        records += batch.lastOffset() - batch.baseOffset() + 1;
                        bytes += batch.sizeInBytes();
                    }
                }
            }
        }
        return new StoredRecords(compression, records, bytes);
    }

    /**
     * Creates a job's topics: the feedback inputs, the decisions and the drift signals with {@code
     * partitions} partitions each, the dead-letter and late outputs, the control topic and the
     * catalog (if the job has one) with one.
     */
    public void createJobTopics(JobConfig.Kafka topics, int partitions) throws Exception {
        Map<String, Integer> all = new java.util.HashMap<>();
        all.put(topics.impressionsTopic(), partitions);
        all.put(topics.clicksTopic(), partitions);
        all.put(topics.conversionsTopic(), partitions);
        all.put(topics.decisionsTopic(), partitions);
        all.put(topics.signalsTopic(), partitions);
        all.put(topics.deadLettersTopic(), 1);
        all.put(topics.lateTopic(), 1);
        all.put(topics.controlTopic(), 1);
        if (topics.catalogTopic() != null) {
            all.put(topics.catalogTopic(), 1);
        }
        if (topics.requestsTopic() != null) {
            all.put(topics.requestsTopic(), partitions);
        }
        createTopics(all);
    }

    /** Creates topics with the given partition counts (replication factor 1). */
    public void createTopics(Map<String, Integer> partitions) throws Exception {
        try (Admin admin =
                Admin.create(
                        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            List<NewTopic> topics =
                    partitions.entrySet().stream()
                            .map(e -> new NewTopic(e.getKey(), e.getValue(), (short) 1))
                            .toList();
            admin.createTopics(topics).all().get();
        }
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
        server.awaitShutdown();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
