package io.banditflow.ops;

import io.banditflow.job.config.JobConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The Kafka ACLs of each role around a job (docs/operations.md, "Kafka security"), least privilege:
 *
 * <ul>
 *   <li>{@link Role#JOB} reads its inputs (feedback, control, catalog, requests) in its consumer
 *       group, writes its outputs (decisions, shadow decisions, signals, dead letters, late events)
 *       in transactions under its transactional id prefix;
 *   <li>{@link Role#PLATFORM_READER} reads the decision topic;
 *   <li>{@link Role#SRE} writes the control topic (kill switch), reads the outputs, and reads the
 *       decision topic as the state tool's rollback does;
 *   <li>{@link Role#DATA_SCIENTIST} reads the decisions, the shadow decisions and the feedback, as
 *       {@code evaluate} does.
 * </ul>
 *
 * A person's consumer groups are those that start with the principal's name ({@code User:alice}:
 * {@code alice*}). Nobody but the job writes decisions; nobody but an SRE writes the control topic.
 *
 * <pre>
 * bin/acls --job jobs/sponsored-search.yaml --bootstrap-server host:9093 --command-config admin.properties \
 *          job=User:banditflow platform-reader=User:ads-server sre=User:alice data-scientist=User:bob
 * </pre>
 */
public final class JobAcls {
    /** The consumer group of the state tool's rollback ({@link SavepointRewrite}). */
    static final String STATE_TOOL_GROUP = "banditflow-state-tool";

    private JobAcls() {}

    /** Who does what around a job. */
    public enum Role {
        JOB,
        PLATFORM_READER,
        SRE,
        DATA_SCIENTIST;

        /** The role as the command line names it: {@code platform-reader}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Role of(String label) {
            return Arrays.stream(values())
                    .filter(r -> r.label().equals(label))
                    .findFirst()
                    .orElseThrow(
                            () ->
                                    new IllegalArgumentException(
                                            "no such role: "
                                                    + label
                                                    + " (job, platform-reader, sre,"
                                                    + " data-scientist)"));
        }
    }

    /** The ACLs a principal ({@code User:name}) needs in a role, for a job's topics. */
    public static List<AclBinding> of(Role role, String principal, JobConfig.Kafka kafka) {
        Grants grants = new Grants(principal);
        switch (role) {
            case JOB -> {
                grants.read(
                        kafka.impressionsTopic(),
                        kafka.clicksTopic(),
                        kafka.conversionsTopic(),
                        kafka.controlTopic(),
                        kafka.catalogTopic(),
                        kafka.requestsTopic());
                grants.group(kafka.groupId(), PatternType.LITERAL);
                grants.write(
                        kafka.decisionsTopic(),
                        kafka.shadowTopic(),
                        kafka.signalsTopic(),
                        kafka.deadLettersTopic(),
                        kafka.lateTopic());
                grants.transactions(kafka.transactionalIdPrefix());
            }
            case PLATFORM_READER -> {
                grants.read(kafka.decisionsTopic());
                grants.ownGroups();
            }
            case SRE -> {
                grants.write(kafka.controlTopic());
                grants.read(
                        kafka.controlTopic(),
                        kafka.decisionsTopic(),
                        kafka.signalsTopic(),
                        kafka.deadLettersTopic(),
                        kafka.lateTopic());
                grants.group(STATE_TOOL_GROUP, PatternType.LITERAL);
                grants.ownGroups();
            }
            case DATA_SCIENTIST -> {
                grants.read(
                        kafka.decisionsTopic(),
                        kafka.shadowTopic(),
                        kafka.impressionsTopic(),
                        kafka.clicksTopic(),
                        kafka.conversionsTopic());
                grants.ownGroups();
            }
        }
        return grants.bindings;
    }

    /** Bindings for one principal, from any host; a topic the job file does not name is skipped. */
    private static final class Grants {
        final String principal;
        final List<AclBinding> bindings = new ArrayList<>();

        Grants(String principal) {
            if (!principal.startsWith("User:")) {
                throw new IllegalArgumentException("a principal is User:<name>, not " + principal);
            }
            this.principal = principal;
        }

        void read(String... topics) {
            topics(topics, AclOperation.READ);
        }

        void write(String... topics) {
            topics(topics, AclOperation.WRITE);
        }

        private void topics(String[] topics, AclOperation operation) {
            Stream.of(topics)
                    .filter(Objects::nonNull)
                    .forEach(
                            t -> {
                                allow(ResourceType.TOPIC, t, PatternType.LITERAL, operation);
                                allow(
                                        ResourceType.TOPIC,
                                        t,
                                        PatternType.LITERAL,
                                        AclOperation.DESCRIBE);
                            });
        }

        void group(String group, PatternType pattern) {
            allow(ResourceType.GROUP, group, pattern, AclOperation.READ);
        }

        void ownGroups() {
            group(principal.substring("User:".length()), PatternType.PREFIXED);
        }

        void transactions(String prefix) {
            allow(ResourceType.TRANSACTIONAL_ID, prefix, PatternType.PREFIXED, AclOperation.WRITE);
            allow(
                    ResourceType.TRANSACTIONAL_ID,
                    prefix,
                    PatternType.PREFIXED,
                    AclOperation.DESCRIBE);
        }

        private void allow(
                ResourceType type, String name, PatternType pattern, AclOperation operation) {
            AclBinding binding =
                    new AclBinding(
                            new ResourcePattern(type, name, pattern),
                            new AccessControlEntry(
                                    principal, "*", operation, AclPermissionType.ALLOW));
            if (!bindings.contains(binding)) {
                bindings.add(binding);
            }
        }
    }

    /** The command line: creates the ACLs of each {@code role=User:name}, one line per ACL. */
    public static void main(String[] args) throws Exception {
        ToolExit.run("acls", () -> grantFromCommandLine(args));
    }

    private static void grantFromCommandLine(String[] args) throws Exception {
        Path job = null;
        Properties client = new Properties();
        String bootstrap = null;
        List<AclBinding> bindings = new ArrayList<>();
        List<String[]> grants = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--job" -> job = Path.of(value(args, ++i));
                case "--bootstrap-server" -> bootstrap = value(args, ++i);
                case "--command-config" -> {
                    try (var in = Files.newInputStream(Path.of(value(args, ++i)))) {
                        client.load(in);
                    }
                }
                default -> grants.add(grant(args[i]));
            }
        }
        if (job == null || grants.isEmpty()) {
            throw new IllegalArgumentException(USAGE);
        }
        JobConfig config = JobConfig.load(job);
        for (String[] grant : grants) {
            bindings.addAll(of(Role.of(grant[0]), grant[1], config.kafka()));
        }
        Properties admin = config.kafka().clientConfig();
        admin.putAll(client);
        admin.put(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap != null ? bootstrap : config.kafka().bootstrapServers());
        try (Admin kafka = Admin.create(admin)) {
            kafka.createAcls(bindings).all().get();
        }
        bindings.forEach(b -> System.out.println(describe(b)));
    }

    private static final String USAGE =
            "usage: acls --job <job file> [--bootstrap-server <host:port>]"
                    + " [--command-config <admin client properties>] <role>=User:<name> ...";

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(USAGE);
        }
        return args[i];
    }

    private static String[] grant(String arg) {
        int eq = arg.indexOf('=');
        if (eq < 1) {
            throw new IllegalArgumentException(USAGE);
        }
        return new String[] {arg.substring(0, eq), arg.substring(eq + 1)};
    }

    /** One ACL as a line: {@code User:alice ALLOW WRITE TOPIC banditflow.x.control (LITERAL)}. */
    static String describe(AclBinding binding) {
        return String.format(
                Locale.ROOT,
                "%s  %s %s  %s %s (%s)",
                binding.entry().principal(),
                binding.entry().permissionType(),
                binding.entry().operation(),
                binding.pattern().resourceType(),
                binding.pattern().name(),
                binding.pattern().patternType());
    }
}
