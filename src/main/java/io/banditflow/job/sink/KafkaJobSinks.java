package io.banditflow.job.sink;

import io.banditflow.core.drift.DriftSignal;
import io.banditflow.core.drift.DriftSignalJson;
import io.banditflow.core.event.DeadLetter;
import io.banditflow.core.event.LateEvent;
import io.banditflow.core.event.OutputJson;
import io.banditflow.core.policy.Decision;
import io.banditflow.core.policy.DecisionJson;
import io.banditflow.job.config.JobConfig;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Kafka topics for decisions (keyed by product, for a compacted topic), drift signals, dead letters
 * and late events. Exactly-once (Kafka transactions committed on checkpoints) when checkpointing is
 * on; readers then use {@code isolation.level=read_committed}. Answers to decision requests are the
 * exception: at least once, at once.
 */
public final class KafkaJobSinks implements JobSinks {
    /** Below the broker's default 15-minute maximum, or the job would restart-loop. */
    private static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(10);

    private final JobConfig.Kafka kafka;
    private final DeliveryGuarantee guarantee;

    public KafkaJobSinks(JobConfig.Kafka kafka, boolean checkpointing) {
        this.kafka = kafka;
        this.guarantee =
                checkpointing ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE;
    }

    @Override
    public void decisions(DataStream<Decision> decisions) {
        decisions
                .sinkTo(
                        sink(
                                kafka.decisionsTopic(),
                                "decisions",
                                Decision::productId,
                                DecisionJson::utf8))
                .uid("sink-decisions")
                .name("Decisions to " + kafka.decisionsTopic());
    }

    @Override
    public void shadowDecisions(DataStream<Decision> decisions) {
        decisions
                .sinkTo(
                        sink(
                                kafka.shadowTopic(),
                                "shadow",
                                Decision::productId,
                                DecisionJson::utf8))
                .uid("sink-shadow-decisions")
                .name("Shadow decisions to " + kafka.shadowTopic());
    }

    /**
     * At least once and without lingering: an answer cannot wait for a checkpoint's transaction.
     * After a restore, requests answered since the checkpoint are answered again under the same
     * decision id; consumers deduplicate by it.
     */
    @Override
    public void answers(DataStream<Decision> answers) {
        answers.sinkTo(
                        KafkaSink.<Decision>builder()
                                .setKafkaProducerConfig(kafka.producerConfig())
                                .setBootstrapServers(kafka.bootstrapServers())
                                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                                .setProperty("linger.ms", "0")
                                .setRecordSerializer(
                                        new Utf8Records<>(
                                                kafka.decisionsTopic(),
                                                Decision::productId,
                                                DecisionJson::utf8))
                                .build())
                .uid("sink-answers")
                .name("Answers to " + kafka.decisionsTopic());
    }

    @Override
    public void signals(DataStream<DriftSignal> signals) {
        signals.sinkTo(
                        sink(
                                kafka.signalsTopic(),
                                "signals",
                                DriftSignal::productId,
                                Text.utf8(DriftSignalJson::write)))
                .uid("sink-signals")
                .name("Drift signals to " + kafka.signalsTopic());
    }

    @Override
    public void deadLetters(DataStream<DeadLetter> deadLetters) {
        deadLetters
                .sinkTo(
                        sink(
                                kafka.deadLettersTopic(),
                                "dead-letters",
                                DeadLetter::origin,
                                Text.utf8(OutputJson::write)))
                .uid("sink-dead-letters")
                .name("Dead letters to " + kafka.deadLettersTopic());
    }

    @Override
    public void late(DataStream<LateEvent> late) {
        late.sinkTo(
                        sink(
                                kafka.lateTopic(),
                                "late",
                                e -> e.event().productId(),
                                Text.utf8(OutputJson::write)))
                .uid("sink-late")
                .name("Late events to " + kafka.lateTopic());
    }

    private <T> KafkaSink<T> sink(String topic, String purpose, Text<T> key, Utf8<T> value) {
        return KafkaSink.<T>builder()
                .setKafkaProducerConfig(kafka.producerConfig())
                .setBootstrapServers(kafka.bootstrapServers())
                .setDeliveryGuarantee(guarantee)
                .setTransactionalIdPrefix(kafka.transactionalIdPrefix() + "-" + purpose)
                .setProperty(
                        "transaction.timeout.ms", String.valueOf(TRANSACTION_TIMEOUT.toMillis()))
                .setRecordSerializer(new Utf8Records<>(topic, key, value))
                .build();
    }

    /** A serializable element-to-text function. */
    @FunctionalInterface
    interface Text<T> extends Serializable {
        String of(T element);

        static <T> Utf8<T> utf8(Text<T> text) {
            return element -> text.of(element).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A serializable element-to-UTF-8 function: decisions are written as bytes directly. */
    @FunctionalInterface
    interface Utf8<T> extends Serializable {
        byte[] of(T element);
    }

    /**
     * Key and value as UTF-8 text. No record timestamp: the broker stamps the write time, since
     * event times from a replay or simulation lie in the past and retention would delete them.
     */
    private record Utf8Records<T>(String topic, Text<T> key, Utf8<T> value)
            implements KafkaRecordSerializationSchema<T> {
        @Override
        public ProducerRecord<byte[], byte[]> serialize(
                T element, KafkaSinkContext context, Long timestamp) {
            return new ProducerRecord<>(
                    topic, key.of(element).getBytes(StandardCharsets.UTF_8), value.of(element));
        }
    }
}
