package io.banditflow.job.operator;

import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.job.source.ParsedRecord;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks of a feedback stream. A record's timestamp is its attribution time (a conversion lands
 * in its click's round), but the watermark follows the events' own times: a conversion arriving two
 * days after its click is not out of order, it is on time for a window that is still open.
 */
public final class FeedbackWatermarks {
    private FeedbackWatermarks() {}

    public static WatermarkStrategy<ParsedRecord> strategy(
            Duration maxOutOfOrderness, Duration idleness) {
        long bound = maxOutOfOrderness.toMillis();
        return WatermarkStrategy.<ParsedRecord>forGenerator(ctx -> new ByOwnTime(bound))
                .withTimestampAssigner((record, previous) -> record.timestamp())
                .withIdleness(idleness);
    }

    /** Bounded out-of-orderness over the valid events' {@link FeedbackEvent#eventTime()}. */
    static final class ByOwnTime implements WatermarkGenerator<ParsedRecord> {
        private final long bound;
        private long maxEventTime;

        ByOwnTime(long bound) {
            this.bound = bound;
            this.maxEventTime = Long.MIN_VALUE + bound + 1;
        }

        @Override
        public void onEvent(ParsedRecord record, long timestamp, WatermarkOutput output) {
            if (record.event() != null) { // a rejected record has no trustworthy time
                maxEventTime = Math.max(maxEventTime, record.event().eventTime());
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            output.emitWatermark(new Watermark(maxEventTime - bound - 1));
        }
    }
}
