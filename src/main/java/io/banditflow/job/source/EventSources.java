package io.banditflow.job.source;

import io.banditflow.core.event.EventType;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The three feedback streams, the control and catalog topics and the decision requests, injected
 * into the topology: Kafka in production and the demo, bounded in-memory data in tests. A source
 * validates each record as it reads it ({@link ParsedRecord#parse}) and applies the topology's
 * watermark strategy itself, so that a Kafka source generates watermarks per partition: partitions
 * read unevenly (a replay, a slow broker) then do not make each other's events late.
 */
public interface EventSources {
    /**
     * @param maxFutureSkewMillis how far ahead of the wall clock an event time may be
     */
    DataStream<ParsedRecord> stream(
            StreamExecutionEnvironment env,
            EventType type,
            long maxFutureSkewMillis,
            WatermarkStrategy<ParsedRecord> watermarks);

    /**
     * The product catalog, validated and watermarked the same way; only asked for when the job file
     * names a catalog topic.
     */
    DataStream<ParsedCatalog> catalog(
            StreamExecutionEnvironment env,
            long maxFutureSkewMillis,
            WatermarkStrategy<ParsedCatalog> watermarks);

    /**
     * The decision requests, validated and watermarked the same way; only asked for in requests
     * mode.
     */
    DataStream<ParsedRequest> requests(
            StreamExecutionEnvironment env,
            long maxFutureSkewMillis,
            WatermarkStrategy<ParsedRequest> watermarks);

    /** The kill-switch commands of the control topic, validated and watermarked the same way. */
    DataStream<ParsedCommand> commands(
            StreamExecutionEnvironment env,
            long maxFutureSkewMillis,
            WatermarkStrategy<ParsedCommand> watermarks);
}
