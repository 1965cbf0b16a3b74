package io.banditflow.testing;

import io.banditflow.core.event.EventJson;
import io.banditflow.core.event.EventParser;
import io.banditflow.core.event.EventType;
import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.job.source.EventSources;
import io.banditflow.job.source.ParsedRecord;
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

    public List<Raw> records(EventType type) {
        return List.copyOf(records.get(type));
    }

    @Override
    public DataStream<ParsedRecord> stream(
            StreamExecutionEnvironment env,
            EventType type,
            long maxFutureSkewMillis,
            WatermarkStrategy<ParsedRecord> watermarks) {
        return env.fromData(records.get(type), TypeInformation.of(Raw.class))
                .name("test " + type)
                .map(new Parse(type, maxFutureSkewMillis))
                .setParallelism(1)
                .assignTimestampsAndWatermarks(watermarks)
                .setParallelism(1);
    }

    private static final class Parse extends RichMapFunction<Raw, ParsedRecord> {
        private final EventType type;
        private final long maxFutureSkewMillis;
        private transient EventParser parser;

        Parse(EventType type, long maxFutureSkewMillis) {
            this.type = type;
            this.maxFutureSkewMillis = maxFutureSkewMillis;
        }

        @Override
        public void open(OpenContext context) {
            parser = new EventParser(maxFutureSkewMillis, System::currentTimeMillis);
        }

        @Override
        public ParsedRecord map(Raw raw) {
            return ParsedRecord.parse(parser, type, raw.payload(), raw.origin());
        }
    }
}
