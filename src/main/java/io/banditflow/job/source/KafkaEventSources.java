package io.banditflow.job.source;

import io.banditflow.core.event.EventParser;
import io.banditflow.core.event.EventType;
import io.banditflow.job.config.JobConfig;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.DeserializationSchema;
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
    public DataStream<ParsedRecord> stream(
            StreamExecutionEnvironment env,
            EventType type,
            long maxFutureSkewMillis,
            WatermarkStrategy<ParsedRecord> watermarks) {
        String topic = kafka.topicOf(type);
        KafkaSourceBuilder<ParsedRecord> builder =
                KafkaSource.<ParsedRecord>builder()
                        .setBootstrapServers(kafka.bootstrapServers())
                        .setTopics(topic)
                        .setGroupId(kafka.groupId())
                        .setStartingOffsets(startingOffsets())
                        .setProperty("isolation.level", "read_committed")
                        .setDeserializer(new ParsingDeserializer(type, maxFutureSkewMillis));
        if (bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        String name = type.name().toLowerCase(Locale.ROOT);
        // Watermarks in the source: one generator per partition, merged by the reader.
        return env.fromSource(builder.build(), watermarks, "Kafka " + topic)
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

    /** Validates every record as it is read, even an empty or undecodable one. */
    static final class ParsingDeserializer
            implements KafkaRecordDeserializationSchema<ParsedRecord> {
        private final EventType type;
        private final long maxFutureSkewMillis;
        private transient EventParser parser;

        ParsingDeserializer(EventType type, long maxFutureSkewMillis) {
            this.type = type;
            this.maxFutureSkewMillis = maxFutureSkewMillis;
        }

        @Override
        public void open(DeserializationSchema.InitializationContext context) {
            parser = new EventParser(maxFutureSkewMillis, System::currentTimeMillis);
        }

        @Override
        public void deserialize(
                ConsumerRecord<byte[], byte[]> record, Collector<ParsedRecord> out) {
            String payload =
                    record.value() == null
                            ? ""
                            : new String(record.value(), StandardCharsets.UTF_8);
            String origin = record.topic() + "-" + record.partition() + "@" + record.offset();
            out.collect(ParsedRecord.parse(parser, type, payload, origin));
        }

        @Override
        public TypeInformation<ParsedRecord> getProducedType() {
            return TypeInformation.of(ParsedRecord.class);
        }
    }
}
