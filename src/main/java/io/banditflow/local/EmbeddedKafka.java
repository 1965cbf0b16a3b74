package io.banditflow.local;

import io.banditflow.job.config.JobConfig;
import io.banditflow.ops.JobTopics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
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
    private static final String SCRAM = "SCRAM-SHA-256";

    private final Path dir;
    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Security security;

    private EmbeddedKafka(
            Path dir, KafkaRaftServer server, String bootstrapServers, Security security) {
        this.dir = dir;
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.security = security;
    }

    /**
     * A secured client listener: SASL/SCRAM-SHA-256 with the given users and passwords, over TLS
     * with the given PKCS12 key store and trust store (its certificate) when not null, and Kafka's
     * {@code StandardAuthorizer}, so that nobody but {@code superUser} may do anything an ACL does
     * not allow. The controller listener stays plaintext on 127.0.0.1 (its principal, {@code
     * User:ANONYMOUS}, is the broker itself and a super user).
     */
    public record Security(
            String superUser,
            Map<String, String> passwords,
            Path keyStore,
            Path trustStore,
            String storePassword) {
        /** SASL over TLS when there is a key store, else over plaintext. */
        public String protocol() {
            return keyStore == null ? "SASL_PLAINTEXT" : "SASL_SSL";
        }

        /** A client's settings as {@code user}, its password inline (tests; jobs use a file). */
        public Properties client(String user) {
            Properties props = new Properties();
            props.put("security.protocol", protocol());
            props.put("sasl.mechanism", SCRAM);
            props.put("sasl.jaas.config", jaas(user, passwords.get(user)));
            if (trustStore != null) {
                props.put("ssl.truststore.location", trustStore.toString());
                props.put("ssl.truststore.type", "PKCS12");
                props.put("ssl.truststore.password", storePassword);
            }
            return props;
        }

        static String jaas(String user, String password) {
            return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                    + user
                    + "\" password=\""
                    + password
                    + "\";";
        }
    }

    /** A broker whose clients connect in plaintext, without authentication. */
    public static EmbeddedKafka start() throws IOException {
        return start(null);
    }

    /** A broker with a secured client listener, or plaintext when {@code security} is null. */
    public static EmbeddedKafka start(Security security) throws IOException {
        Path dir = Files.createTempDirectory("banditflow-kafka-");
        int brokerPort = freePort();
        int controllerPort = freePort();
        String client = security == null ? "PLAINTEXT" : "CLIENT";
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put(
                "listeners",
                client
                        + "://127.0.0.1:"
                        + brokerPort
                        + ",CONTROLLER://127.0.0.1:"
                        + controllerPort);
        props.put("advertised.listeners", client + "://127.0.0.1:" + brokerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put(
                "listener.security.protocol.map",
                client
                        + ":"
                        + (security == null ? "PLAINTEXT" : security.protocol())
                        + ",CONTROLLER:PLAINTEXT");
        props.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        if (security != null) {
            props.putAll(secured(security));
        }
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
        List<String> format =
                new ArrayList<>(
                        List.of(
                                "format",
                                "-t",
                                UUID.randomUUID().toString().replace("-", "").substring(0, 22),
                                "-c",
                                config.toString(),
                                "--standalone"));
        if (security != null) {
            // SCRAM credentials go into the cluster's first metadata: the broker needs its own
            // user's before any client, itself included, can log in
            security.passwords()
                    .forEach(
                            (user, password) ->
                                    format.addAll(
                                            List.of(
                                                    "--add-scram",
                                                    SCRAM
                                                            + "=[name="
                                                            + user
                                                            + ",password="
                                                            + password
                                                            + "]")));
        }
        ByteArrayOutputStream formatLog = new ByteArrayOutputStream();
        int rc =
                StorageTool.execute(
                        format.toArray(String[]::new),
                        new PrintStream(formatLog, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IOException("formatting Kafka storage failed: " + formatLog);
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
        server.startup();
        return new EmbeddedKafka(dir, server, "127.0.0.1:" + brokerPort, security);
    }

    /** The broker settings of a secured client listener named CLIENT. */
    private static Properties secured(Security security) {
        Properties props = new Properties();
        props.put("inter.broker.listener.name", "CLIENT");
        props.put("sasl.enabled.mechanisms", SCRAM);
        props.put("sasl.mechanism.inter.broker.protocol", SCRAM);
        String user = security.superUser();
        props.put(
                "listener.name.client.scram-sha-256.sasl.jaas.config",
                Security.jaas(user, security.passwords().get(user)));
        if (security.keyStore() != null) {
            props.put("listener.name.client.ssl.keystore.location", security.keyStore().toString());
            props.put("listener.name.client.ssl.keystore.type", "PKCS12");
            props.put("listener.name.client.ssl.keystore.password", security.storePassword());
            props.put("listener.name.client.ssl.key.password", security.storePassword());
            props.put(
                    "listener.name.client.ssl.truststore.location",
                    security.trustStore().toString());
            props.put("listener.name.client.ssl.truststore.type", "PKCS12");
            props.put("listener.name.client.ssl.truststore.password", security.storePassword());
        }
        props.put(
                "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        props.put("super.users", "User:" + user + ";User:ANONYMOUS");
        return props;
    }

    /** An admin client's settings: the super user's on a secured broker. */
    public Properties adminConfig() {
        Properties props =
                security == null ? new Properties() : security.client(security.superUser());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return props;
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

    /**
     * How a topic's producers wrote it: the batches' compression, records and bytes on disk, read
     * from the segments without writing them, so also while the broker appends to them.
     */
    public StoredRecords stored(String topic) throws IOException {
        Set<CompressionType> compression = EnumSet.noneOf(CompressionType.class);
        long records = 0;
        long bytes = 0;
        for (Path segment : segmentsOf(topic)) {
            // read-only, and closed without FileRecords.close(): that trims the file to the size it
            // had when opened, cutting what the broker appended meanwhile (its readers then found
            // zeros: "CorruptRecordException: Found record size 0", docs/benchmarks.md)
            FileRecords log;
            try {
                log = FileRecords.open(segment.toFile(), false);
            } catch (NoSuchFileException replaced) {
                continue; // deleted since listed: a compacted topic's cleaner swaps segments
            }
            try {
                for (RecordBatch batch : log.batches()) {
                    if (!batch.isControlBatch()) {
                        compression.add(batch.compressionType());
                        records += batch.lastOffset() - batch.baseOffset() + 1;
                        bytes += batch.sizeInBytes();
                    }
                }
            } finally {
                log.closeHandlers();
            }
        }
        return new StoredRecords(compression, records, bytes);
    }

    /**
     * The log segments of a topic's partitions. Listed by name, without a walk: a walk reads the
     * attributes of every file it meets, and the broker's temporary checkpoint files come and go
     * while it runs (NoSuchFileException).
     */
    private List<Path> segmentsOf(String topic) throws IOException {
        Pattern partition = Pattern.compile(Pattern.quote(topic) + "-\\d+");
        List<Path> partitions;
        try (Stream<Path> entries = Files.list(dir.resolve("data"))) {
            partitions =
                    entries.filter(p -> partition.matcher(p.getFileName().toString()).matches())
                            .toList();
        }
        List<Path> segments = new ArrayList<>();
        for (Path directory : partitions) {
            try (Stream<Path> files = Files.list(directory)) {
                files.filter(f -> f.getFileName().toString().endsWith(".log"))
                        .forEach(segments::add);
            }
        }
        return segments;
    }

    /**
     * Creates a job's topics as the README prescribes them ({@link JobTopics}): the feedback
     * inputs, the decisions and the drift signals with {@code partitions} partitions each, the
     * decisions compacted, the control topic kept forever.
     */
    public void createJobTopics(JobConfig.Kafka topics, int partitions) throws Exception {
        try (Admin admin = Admin.create(adminConfig())) {
            JobTopics.createMissing(admin, JobTopics.of(topics, partitions), (short) 1);
        }
    }

    /** Creates topics with the given partition counts (replication factor 1). */
    public void createTopics(Map<String, Integer> partitions) throws Exception {
        try (Admin admin = Admin.create(adminConfig())) {
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
