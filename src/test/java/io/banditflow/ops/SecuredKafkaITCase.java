package io.banditflow.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.policy.Decision;
import io.banditflow.core.policy.DecisionJson;
import io.banditflow.core.policy.DecisionMode;
import io.banditflow.harness.Evaluate;
import io.banditflow.job.config.JobConfig;
import io.banditflow.local.EmbeddedKafka;
import io.banditflow.ops.JobAcls.Role;
import io.banditflow.testing.RestoreRuns;
import io.banditflow.testing.TestingJobs;
import io.banditflow.testing.TestingKafka;
import io.banditflow.testing.TestingTls;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ParameterTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka security, tested (issue 21, part 5): a broker with SASL/SCRAM-SHA-256 over TLS (a key made
 * in the test) and ACLs enforced, each role granted what {@link JobAcls} says and no more. The job,
 * the state tool's rollback and {@code evaluate} connect with credentials that Kafka's {@code
 * FileConfigProvider} reads from a file of their own — the job file names the file, never the
 * password. A principal without WRITE on the control topic cannot stop bidding: its produce is
 * refused and no decision changes; a principal with only READ on the decision topic reads every
 * decision.
 */
class SecuredKafkaITCase {
    @RegisterExtension static final MiniClusterExtension CLUSTER = TestingJobs.miniCluster();

    private static final Map<String, String> PASSWORDS =
            Map.of(
                    "admin", "admin-secret",
                    "banditflow", "job-secret",
                    "ads-server", "reader-secret",
                    "alice", "sre-secret",
                    "bob", "scientist-secret",
                    "mallory", "mallory-secret");

    @TempDir Path dir;

    @Test
    void shouldRunTheJobAndItsToolsOnCredentialsFromFilesAndRefuseWhatNoAclAllows()
            throws Exception {
        TestingTls.Stores tls = TestingTls.selfSigned(dir, "store-secret");
        EmbeddedKafka.Security security =
                new EmbeddedKafka.Security(
                        "admin", PASSWORDS, tls.keyStore(), tls.trustStore(), tls.password());
        String savepoints = dir.resolve("savepoints").toUri().toString();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(security)) {
            String brokers = kafka.bootstrapServers();
            Path jobFile = jobFile(brokers, "banditflow", tls);
            assertFalse(Files.readString(jobFile).contains("job-secret"));
            JobConfig asJob = JobConfig.load(jobFile);
            JobConfig.Kafka topics = asJob.kafka();
            kafka.createJobTopics(topics, 1);
            try (Admin admin = Admin.create(kafka.adminConfig())) {
                List<org.apache.kafka.common.acl.AclBinding> acls = new ArrayList<>();
                acls.addAll(JobAcls.of(Role.JOB, "User:banditflow", topics));
                acls.addAll(JobAcls.of(Role.PLATFORM_READER, "User:ads-server", topics));
                acls.addAll(JobAcls.of(Role.SRE, "User:alice", topics));
                acls.addAll(JobAcls.of(Role.DATA_SCIENTIST, "User:bob", topics));
                acls.addAll(JobAcls.of(Role.PLATFORM_READER, "User:mallory", topics));
                admin.createAcls(acls).all().get();
            }
            Properties asAdmin = security.client("admin");
            List<List<FeedbackEvent>> rounds = RestoreRuns.rounds(asJob.clock());
            try (KafkaProducer<String, String> producer = TestingKafka.producer(brokers, asAdmin)) {
                RestoreRuns.produce(producer, topics, rounds.subList(0, 24));
                JobClient first = RestoreRuns.start(asJob, null, dir);
                RestoreRuns.awaitConsumed(brokers, asAdmin, topics);
                String firstSavepoint =
                        first.stopWithSavepoint(false, savepoints, SavepointFormatType.CANONICAL)
                                .get();

                assertRefused(
                        security.client("mallory"),
                        brokers,
                        new ProducerRecord<>(
                                topics.controlTopic(),
                                "{\"commandId\":\"m1\",\"scope\":\"*\",\"action\":\"STOP\","
                                        + "\"reason\":\"no\",\"issuedBy\":\"mallory\","
                                        + "\"eventTime\":0}"));
                assertRefused(
                        security.client("ads-server"),
                        brokers,
                        new ProducerRecord<>(topics.decisionsTopic(), "p0001", "{}"));

                RestoreRuns.produce(producer, topics, rounds.subList(24, 36));
                JobClient second = RestoreRuns.start(asJob, firstSavepoint, dir);
                RestoreRuns.awaitConsumed(brokers, asAdmin, topics);
                second.stopWithSavepoint(true, savepoints, SavepointFormatType.CANONICAL).get();

                List<String> decisions =
                        CommittedTopics.readAll(brokers, topics.decisionsTopic(), asAdmin).stream()
                                .map(ConsumerRecord::value)
                                .sorted()
                                .toList();
                assertFalse(decisions.isEmpty());
                assertTrue(
                        CommittedTopics.readAll(brokers, topics.controlTopic(), asAdmin).isEmpty(),
                        "the refused command is not on the control topic");
                Set<String> ids = new HashSet<>();
                for (String line : decisions) {
                    Decision decision = DecisionJson.read(line);
                    assertTrue(ids.add(decision.decisionId()), decision.decisionId());
                    assertFalse(
                            decision.mode() == DecisionMode.STOPPED
                                    || decision.mode() == DecisionMode.KILLED,
                            line);
                }
                assertEquals(decisions, readAsPlatform(brokers, security, topics));

                JobConfig asSre = JobConfig.load(jobFile(brokers, "alice", tls));
                long since =
                        StateTool.replayStart(StateTool.read(firstSavepoint), asSre).getAsLong();
                String rolledBack = dir.resolve("rolled-back").toUri().toString();
                assertTrue(SavepointRewrite.rollback(firstSavepoint, asSre, since, rolledBack) > 0);

                String evaluated = evaluate(jobFile(brokers, "bob", tls));
                assertTrue(evaluated.contains("fixed 0.1"), evaluated);
            }
        }
    }

    /** The job file of a principal: its credentials are in a file of its own, read by Kafka. */
    private Path jobFile(String brokers, String user, TestingTls.Stores tls) throws Exception {
        Path credentials = dir.resolve(user + ".properties");
        Files.writeString(
                credentials,
                "username="
                        + user
                        + "\npassword="
                        + PASSWORDS.get(user)
                        + "\ntruststore.password="
                        + tls.password()
                        + "\n");
        String file = "${file:" + credentials + ":";
        String properties =
                """
                  startingOffsets: earliest
                  properties:
                    security.protocol: SASL_SSL
                    sasl.mechanism: SCRAM-SHA-256
                    config.providers: file
                    config.providers.file.class: org.apache.kafka.common.config.provider.FileConfigProvider
                    sasl.jaas.config: 'org.apache.kafka.common.security.scram.ScramLoginModule required username="FILEusername}" password="FILEpassword}";'
                    ssl.truststore.location: TRUSTSTORE
                    ssl.truststore.type: PKCS12
                    ssl.truststore.password: 'FILEtruststore.password}'
                """
                        .replace("FILE", file)
                        .replace("TRUSTSTORE", tls.trustStore().toString());
        String yaml =
                RestoreRuns.jobFile("sec", "sec", brokers)
                        .replace("  startingOffsets: earliest\n", properties);
        assertTrue(yaml.contains("security.protocol"), yaml);
        return Files.writeString(dir.resolve(user + "-job.yaml"), yaml);
    }

    private static void assertRefused(
            Properties client, String brokers, ProducerRecord<String, String> record)
            throws Exception {
        try (KafkaProducer<String, String> producer = TestingKafka.producer(brokers, client)) {
            ExecutionException refused =
                    assertThrows(ExecutionException.class, () -> producer.send(record).get());
            assertInstanceOf(TopicAuthorizationException.class, refused.getCause());
        }
    }

    /** Every decision, as a platform team's consumer in its own group with READ only. */
    private static List<String> readAsPlatform(
            String brokers, EmbeddedKafka.Security security, JobConfig.Kafka topics) {
        Properties client = security.client("ads-server");
        client.put(ConsumerConfig.GROUP_ID_CONFIG, "ads-server-bidder");
        client.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        long expected =
                CommittedTopics.readAll(brokers, topics.decisionsTopic(), security.client("admin"))
                        .size();
        List<String> read = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(CommittedTopics.readCommitted(brokers, client))) {
            consumer.subscribe(List.of(topics.decisionsTopic()));
            while (read.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> read.add(r.value()));
            }
        }
        return read.stream().sorted().toList();
    }

    private static String evaluate(Path jobFile) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Evaluate.run(
                ParameterTool.fromArgs(
                        new String[] {"--job", jobFile.toString(), "--candidates", "fixed:0.1"}),
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        return printed.toString(StandardCharsets.UTF_8);
    }
}
