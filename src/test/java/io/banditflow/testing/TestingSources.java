package io.banditflow.testing;

import io.banditflow.core.event.DecisionRequest;
import io.banditflow.core.event.EventJson;
import io.banditflow.core.event.EventParser;
import io.banditflow.core.event.EventType;
import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.job.source.EventSources;
import io.banditflow.job.source.ParsedCatalog;
import io.banditflow.job.source.ParsedCommand;
import io.banditflow.job.source.ParsedRecord;
import io.banditflow.job.source.ParsedRequest;
import io.banditflow.job.source.RecordParser;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Bounded in-memory feedback streams, in the order given (so tests control arrival order). Each
 * stream is read, validated and watermarked by one subtask, like one Kafka partition.
 */
public final class TestingSources implements EventSources {
    /** One raw record as a producer would write it. */
    public record Raw(String payload, String origin) {}

    private final Map<EventType, List<Raw>> records = new EnumMap<>(EventType.class);
    private final List<Raw> commands = new ArrayList<>();
    private final List<Raw> catalog = new ArrayList<>();
    private final List<Raw> requests = new ArrayList<>();

    public TestingSources() {
        for (EventType type : EventType.values()) {
            records.put(type, new ArrayList<>());
        }
    }

    public TestingSources add(FeedbackEvent event) {
        return raw(event.type(), EventJson.write(event));
    }

    public TestingSources raw(EventType type, String payload) {
        List<Raw> list = records.get(type);
        list.add(new Raw(payload, "test-" + type + "@" + list.size()));
        return this;
    }

    /** A control-topic record, as an operator's tool would write it. */
    public TestingSources command(String payload) {
        commands.add(new Raw(payload, "test-control@" + commands.size()));
        return this;
    }

    /** A catalog-topic record. */
    public TestingSources catalog(String payload) {
        catalog.add(new Raw(payload, "test-catalog@" + catalog.size()));
        return this;
    }

    /** A decision request, as an ad server would write it. */
    public TestingSources request(DecisionRequest request) {
        return request(EventJson.write(request));
    }

    /** A raw decision-request record. */
    public TestingSources request(String payload) {
        requests.add(new Raw(payload, "test-requests@" + requests.size()));
        return this;
    }

    public List<Raw> requests() {
        return List.copyOf(requests);
    }

    public List<Raw> catalogEntries() {
        return List.copyOf(catalog);
    }

    public List<Raw> commands() {
        return List.copyOf(commands);
    }

    public List<Raw> records(EventType type) {
        return List.copyOf(records.get(type));
    }

    @Override
    public DataStream<ParsedRecord> stream(
            StreamExecutionEnvironment env,
            EventType type,
            long maxFutureSkewMillis,
            WatermarkStrategy<ParsedRecord> watermarks) {
        return bounded(env, records.get(type), "test " + type)
                .map(
                        new Parse<>(
                                maxFutureSkewMillis,
                                (parser, payload, origin) ->
                                        ParsedRecord.parse(parser, type, payload, origin)))
                .returns(ParsedRecord.class)
                .setParallelism(1)
                .assignTimestampsAndWatermarks(watermarks)
                .setParallelism(1);
    }

    @Override
    public DataStream<ParsedCommand> commands(
            StreamExecutionEnvironment env,
            long maxFutureSkewMillis,
            WatermarkStrategy<ParsedCommand> watermarks) {
        return bounded(env, commands, "test control")
                .map(new Parse<>(maxFutureSkewMillis, ParsedCommand::parse))
                .returns(ParsedCommand.class)
                .setParallelism(1)
                .assignTimestampsAndWatermarks(watermarks)
                .setParallelism(1);
    }

    /**
     * The records in order. Flink 2.2's {@code fromData} fails at run time on an empty collection,
     * so an empty stream is one marker record filtered out.
     */
    private static DataStream<Raw> bounded(
            StreamExecutionEnvironment env, List<Raw> raws, String name) {
        if (!raws.isEmpty()) {
            return env.fromData(raws, TypeInformation.of(Raw.class)).name(name);
        }
        return env.fromData(List.of(new Raw(null, "none")), TypeInformation.of(Raw.class))
                .name(name)
                .filter(raw -> raw.payload() != null)
                .name(name + " (empty)");
    }

    @Override
    public DataStream<ParsedCatalog> catalog(
            StreamExecutionEnvironment env,
            long maxFutureSkewMillis,
            WatermarkStrategy<ParsedCatalog> watermarks) {
        return bounded(env, catalog, "test catalog")
                .map(new Parse<>(maxFutureSkewMillis, ParsedCatalog::parse))
                .returns(ParsedCatalog.class)
                .setParallelism(1)
                .assignTimestampsAndWatermarks(watermarks)
                .setParallelism(1);
    }

    @Override
    public DataStream<ParsedRequest> requests(
            StreamExecutionEnvironment env,
            long maxFutureSkewMillis,
            WatermarkStrategy<ParsedRequest> watermarks) {
        return bounded(env, requests, "test requests")
                .map(new Parse<>(maxFutureSkewMillis, ParsedRequest::parse))
                .returns(ParsedRequest.class)
                .setParallelism(1)
                .assignTimestampsAndWatermarks(watermarks)
                .setParallelism(1);
    }

    /** Validates each raw record as the Kafka deserializer does. */
    private static final class Parse<T> extends RichMapFunction<Raw, T> {
        private final long maxFutureSkewMillis;
        private final RecordParser<T> recordParser;
        private transient EventParser parser;

        Parse(long maxFutureSkewMillis, RecordParser<T> recordParser) {
            this.maxFutureSkewMillis = maxFutureSkewMillis;
            this.recordParser = recordParser;
        }

        @Override
        public void open(OpenContext context) {
            parser = new EventParser(maxFutureSkewMillis, System::currentTimeMillis);
        }

        @Override
        public T map(Raw raw) {
            return recordParser.parse(parser, raw.payload(), raw.origin());
        }
    }
}
