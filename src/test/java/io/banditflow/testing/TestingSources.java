package io.banditflow.testing;

import io.banditflow.core.event.EventJson;
import io.banditflow.core.event.EventType;
import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.job.source.EventSources;
import io.banditflow.job.source.RawRecord;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Bounded in-memory feedback streams, in the order given (so tests control arrival order). */
public final class TestingSources implements EventSources {
    private final Map<EventType, List<RawRecord>> records = new EnumMap<>(EventType.class);

    public TestingSources() {
        for (EventType type : EventType.values()) {
            records.put(type, new ArrayList<>());
        }
    }

    public TestingSources add(FeedbackEvent event) {
        return raw(event.type(), EventJson.write(event));
    }

    public TestingSources addAll(List<FeedbackEvent> events) {
        events.forEach(this::add);
        return this;
    }

    public TestingSources raw(EventType type, String payload) {
        List<RawRecord> list = records.get(type);
        list.add(new RawRecord(type, payload, "test-" + type + "@" + list.size()));
        return this;
    }

    public List<RawRecord> records(EventType type) {
        return List.copyOf(records.get(type));
    }

    @Override
    public DataStream<RawRecord> stream(StreamExecutionEnvironment env, EventType type) {
        List<RawRecord> list = records.get(type);
        if (list.isEmpty()) {
            // fromData needs at least one element; a record that validation rejects would pollute
            // the dead letters, so an empty stream is a bounded source with nothing in it.
            return env.fromData(List.<RawRecord>of(), TypeInformation.of(RawRecord.class));
        }
        return env.fromData(list).name("test " + type);
    }
}
