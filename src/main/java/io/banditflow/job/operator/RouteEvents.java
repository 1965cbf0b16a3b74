package io.banditflow.job.operator;

import io.banditflow.core.event.DeadLetter;
import io.banditflow.core.event.EventType;
import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.event.LateEvent;
import io.banditflow.core.event.LateReason;
import io.banditflow.core.event.RecordSource;
import io.banditflow.core.event.RejectReason;
import io.banditflow.job.source.ParsedRecord;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Routes the validated records of one stream: rejections to the dead-letter output with their
 * reason and payload, conversions more than the attribution window after their click to the late
 * output, valid events on. Everything is counted; nothing is dropped silently and nothing throws.
 */
public class RouteEvents extends ProcessFunction<ParsedRecord, FeedbackEvent> {
    private final EventType type;
    private final long attributionMillis;

    private transient Counter valid;
    private transient Counter outsideAttribution;
    private transient Map<RejectReason, Counter> rejected;

    public RouteEvents(EventType type, long attributionMillis) {
        this.type = type;
        this.attributionMillis = attributionMillis;
    }

    @Override
    public void open(OpenContext context) {
        MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup("stream", type.name());
        valid = metrics.counter("eventsValid");
        outsideAttribution = metrics.counter("conversionsOutsideAttribution");
        rejected = new EnumMap<>(RejectReason.class);
        for (RejectReason reason : RejectReason.values()) {
            rejected.put(reason, metrics.addGroup("reason", reason.name()).counter("deadLetters"));
        }
    }

    @Override
    public void processElement(ParsedRecord record, Context ctx, Collector<FeedbackEvent> out) {
        FeedbackEvent event = record.event();
        if (event == null) {
            rejected.get(record.reason()).inc();
            ctx.output(
                    SideOutputs.DEAD_LETTERS,
                    new DeadLetter(
                            RecordSource.of(type),
                            record.origin(),
                            record.reason(),
                            record.detail(),
                            record.payload()));
            return;
        }
        if (event.eventTime() - event.attributionTime() > attributionMillis) {
            outsideAttribution.inc();
            ctx.output(
                    SideOutputs.OUTSIDE_ATTRIBUTION,
                    new LateEvent(LateReason.OUTSIDE_ATTRIBUTION_WINDOW, event));
            return;
        }
        valid.inc();
        out.collect(event);
    }
}
