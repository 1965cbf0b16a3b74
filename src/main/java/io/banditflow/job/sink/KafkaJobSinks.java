package io.banditflow.job.sink;

import io.banditflow.core.event.DeadLetter;
import io.banditflow.core.event.LateEvent;
import io.banditflow.core.event.OutputJson;
import io.banditflow.core.policy.Decision;
import io.banditflow.core.policy.DecisionJson;
import io.banditflow.job.config.JobConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Kafka topics for decisions (keyed by product, for a compacted topic), dead letters and late
 * events. Exactly-once (Kafka transactions committed on checkpoints) when checkpointing is on;
 * readers then use {@code isolation.level=read_committed}.
 */
public final class KafkaJobSinks implements JobSinks {
    /** Below the broker's default 15-minute maximum, or the job would restart-loop. */
    private static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(10);

    private final JobConfig.Kafka kafka;
    private final DeliveryGuarantee guarantee;

    public KafkaJobSinks(JobConfig.Kafka kafka, boolean checkpointing) {
        this.kafka = kafka;
        this.guarantee = checkpointing ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE;
    }

    @Override
    public void decisions(DataStream<Decision> decisions) {
        decisions
                .sinkTo(sink(kafka.decisionsTopic(), "decisions", Decision::productId, DecisionJson::write))
                .uid("sink-decisions")
                .name("Decisions to " + kafka.decisionsTopic());
    }

    @Override
    public void deadLetters(DataStream<DeadLetter> deadLetters) {
        deadLetters
                .sinkTo(sink(kafka.deadLettersTopic(), "dead-letters", DeadLetter::origin, OutputJson::write))
                .uid("sink-dead-letters")
                .name("Dead letters to " + kafka.deadLettersTopic());
    }

    @Override
    public void late(DataStream<LateEvent> late) {
        late.sinkTo(sink(kafka.lateTopic(), "late", e -> e.event().productId(), OutputJson::write))
                .uid("sink-late")
                .name("Late events to " + kafka.lateTopic());
    }

    private <T> KafkaSink<T> sink(
            String topic, String purpose, Text<T> key, Text<T> value) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setDeliveryGuarantee(guarantee)
                .setTransactionalIdPrefix(kafka.transactionalIdPrefix() + "-" + purpose)
                .setProperty("transaction.timeout.ms", String.valueOf(TRANSACTION_TIMEOUT.toMillis()))
                .setRecordSerializer(
                        KafkaRecordSerializationSchema.<T>builder()
                                .setTopic(topic)
                                .setKeySerializationSchema(utf8(key))
                                .setValueSerializationSchema(utf8(value))
                                .build())
                .build();
    }

    private static <T> SerializationSchema<T> utf8(Text<T> text) {
        return element -> {
            String s = text.of(element);
            return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
        };
    }

    /** A serializable element-to-text function. */
    @FunctionalInterface
    interface Text<T> extends java.io.Serializable {
        String of(T element);
    }
}
