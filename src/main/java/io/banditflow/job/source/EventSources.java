package io.banditflow.job.source;

import io.banditflow.core.event.EventType;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The three feedback streams, injected into the topology: Kafka in production and the demo, bounded
 * in-memory data in tests. Sources emit raw records; validation and watermarks are the topology's,
 * so every source is treated the same.
 */
public interface EventSources {
    DataStream<RawRecord> stream(StreamExecutionEnvironment env, EventType type);
}
