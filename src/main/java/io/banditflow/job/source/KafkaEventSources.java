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
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The three feedback topics, the control and catalog topics and the decision requests, validated as
 * they are read. Offsets are checkpointed with the job's state.
 */
public final class KafkaEventSources implements EventSources {
    /**
     * The control plane's topics (commands, catalog) have few partitions and little traffic. A
     * reader with no partition never moves its watermark (until {@code time.sourceIdleness}), and
     * these watermarks gate every decision: one reader takes all their partitions, whatever the
     * job's parallelism.
     */
    private static final int ONE_READER = 1;

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
        String name = type.name().toLowerCase(Locale.ROOT);
        return source(
                env,
                kafka.topicOf(type),
                name,
                name + "s",
                new ParsingDeserializer<>(
                        ParsedRecord.class,
                        maxFutureSkewMillis,
                        (parser, payload, origin) ->
                                ParsedRecord.parse(parser, type, payload, origin)),
                startingOffsets(),
                watermarks);
    }

    @Override
    public DataStream<ParsedCommand> commands(
            StreamExecutionEnvironment env,
            long maxFutureSkewMillis,
            WatermarkStrategy<ParsedCommand> watermarks) {
        return source(
                        env,
                        kafka.controlTopic(),
                        "control",
                        "control",
                        new ParsingDeserializer<>(
                                ParsedCommand.class, maxFutureSkewMillis, ParsedCommand::parse),
                        // Commands are standing orders: a job without state reads them all,
                        // whatever
                        // kafka.startingOffsets or an earlier run's committed offsets say, so a
                        // STOP_BIDDING in force is never skipped. A restore reads on from its
                        // state.
                        OffsetsInitializer.earliest(),
                        watermarks)
                .setParallelism(ONE_READER);
    }

    @Override
    public DataStream<ParsedCatalog> catalog(
            StreamExecutionEnvironment env,
            long maxFutureSkewMillis,
            WatermarkStrategy<ParsedCatalog> watermarks) {
        return source(
                        env,
                        kafka.catalogTopic(),
                        "catalog",
                        "catalog",
                        new ParsingDeserializer<>(
                                ParsedCatalog.class, maxFutureSkewMillis, ParsedCatalog::parse),
                        // the catalog is state too: a job without state reads it whole
                        OffsetsInitializer.earliest(),
                        watermarks)
                .setParallelism(ONE_READER);
    }

    @Override
    public DataStream<ParsedRequest> requests(
            StreamExecutionEnvironment env,
            long maxFutureSkewMillis,
            WatermarkStrategy<ParsedRequest> watermarks) {
        return source(
                env,
                kafka.requestsTopic(),
                "requests",
                "requests",
                new ParsingDeserializer<>(
                        ParsedRequest.class, maxFutureSkewMillis, ParsedRequest::parse),
                startingOffsets(),
                watermarks);
    }

    private <T> SingleOutputStreamOperator<T> source(
            StreamExecutionEnvironment env,
            String topic,
            String uidSuffix,
            String label,
            ParsingDeserializer<T> deserializer,
            OffsetsInitializer startingOffsets,
            WatermarkStrategy<T> watermarks) {
        KafkaSourceBuilder<T> builder =
                KafkaSource.<T>builder()
                        .setProperties(kafka.clientConfig())
                        .setBootstrapServers(kafka.bootstrapServers())
                        .setTopics(topic)
                        .setGroupId(kafka.groupId())
                        .setStartingOffsets(startingOffsets)
                        .setProperty("isolation.level", "read_committed")
                        .setDeserializer(deserializer);
        if (bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        // Watermarks in the source: one generator per partition, merged by the reader.
        return env.fromSource(builder.build(), watermarks, "Kafka " + topic)
                .uid("source-" + uidSuffix)
                .name("Kafka " + label + " (" + topic + ")");
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
    static final class ParsingDeserializer<T> implements KafkaRecordDeserializationSchema<T> {
        private final Class<T> produced;
        private final long maxFutureSkewMillis;
        private final RecordParser<T> recordParser;
        private transient EventParser parser;

        ParsingDeserializer(
                Class<T> produced, long maxFutureSkewMillis, RecordParser<T> recordParser) {
            this.produced = produced;
            this.maxFutureSkewMillis = maxFutureSkewMillis;
            this.recordParser = recordParser;
        }

        @Override
        public void open(DeserializationSchema.InitializationContext context) {
            parser = new EventParser(maxFutureSkewMillis, System::currentTimeMillis);
        }

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<T> out) {
            String payload =
                    record.value() == null
                            ? ""
                            : new String(record.value(), StandardCharsets.UTF_8);
            String origin = record.topic() + "-" + record.partition() + "@" + record.offset();
            out.collect(recordParser.parse(parser, payload, origin));
        }

        @Override
        public TypeInformation<T> getProducedType() {
            return TypeInformation.of(produced);
        }
    }
}
