package io.banditflow.job.source;

import io.banditflow.core.event.EventType;
import io.banditflow.job.config.JobConfig;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** The three feedback topics as raw records. Offsets are checkpointed with the job's state. */
public final class KafkaEventSources implements EventSources {
    private final JobConfig.Kafka kafka;
    private final boolean bounded;

    /**
     * @param bounded stop at the offsets that are latest at start-up (tests); unbounded otherwise
     */
    public KafkaEventSources(JobConfig.Kafka kafka, boolean bounded) {
        this.kafka = kafka;
        this.bounded = bounded;
    }

    @Override
    public DataStream<RawRecord> stream(StreamExecutionEnvironment env, EventType type) {
        String topic = kafka.topicOf(type);
        KafkaSourceBuilder<RawRecord> builder =
                KafkaSource.<RawRecord>builder()
                        .setBootstrapServers(kafka.bootstrapServers())
                        .setTopics(topic)
                        .setGroupId(kafka.groupId())
                        .setStartingOffsets(startingOffsets())
                        .setProperty("isolation.level", "read_committed")
                        .setDeserializer(new RawRecordDeserializer(type));
        if (bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        String name = type.name().toLowerCase(Locale.ROOT);
        return env.fromSource(builder.build(), WatermarkStrategy.noWatermarks(), "Kafka " + topic)
                .uid("source-" + name)
                .name("Kafka " + name + "s (" + topic + ")");
    }

    // flink-connector-kafka 5.0 still takes kafka-clients' deprecated OffsetResetStrategy here.
    @SuppressWarnings("deprecation")
    private OffsetsInitializer startingOffsets() {
        return switch (kafka.startingOffsets()) {
            case "earliest" -> OffsetsInitializer.earliest();
            case "latest" -> OffsetsInitializer.latest();
            default -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        };
    }

    /** Keeps every record, even an empty or undecodable one, for validation to judge. */
    static final class RawRecordDeserializer
            implements KafkaRecordDeserializationSchema<RawRecord> {
        private final EventType type;

        RawRecordDeserializer(EventType type) {
            this.type = type;
        }

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out) {
            String payload =
                    record.value() == null
                            ? ""
                            : new String(record.value(), StandardCharsets.UTF_8);
            String origin = record.topic() + "-" + record.partition() + "@" + record.offset();
            out.collect(new RawRecord(type, payload, origin));
        }

        @Override
        public TypeInformation<RawRecord> getProducedType() {
            return TypeInformation.of(RawRecord.class);
        }
    }
}
