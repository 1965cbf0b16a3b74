package io.banditflow.job.operator;

import io.banditflow.core.event.FeedbackEvent;
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

    public static WatermarkStrategy<FeedbackEvent> strategy(
            Duration maxOutOfOrderness, Duration idleness) {
        long bound = maxOutOfOrderness.toMillis();
        return WatermarkStrategy.<FeedbackEvent>forGenerator(ctx -> new ByOwnTime(bound))
                .withTimestampAssigner((event, previous) -> event.attributionTime())
                .withIdleness(idleness);
    }

    /** Bounded out-of-orderness over {@link FeedbackEvent#eventTime()}. */
    static final class ByOwnTime implements WatermarkGenerator<FeedbackEvent> {
        private final long bound;
        private long maxEventTime;

        ByOwnTime(long bound) {
            this.bound = bound;
            this.maxEventTime = Long.MIN_VALUE + bound + 1;
        }

        @Override
        public void onEvent(FeedbackEvent event, long timestamp, WatermarkOutput output) {
            maxEventTime = Math.max(maxEventTime, event.eventTime());
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            output.emitWatermark(new Watermark(maxEventTime - bound - 1));
        }
    }
}
