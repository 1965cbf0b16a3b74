package io.banditflow.job.operator;

import io.banditflow.core.event.DeadLetter;
import io.banditflow.core.event.EventParser;
import io.banditflow.core.event.EventType;
import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.event.LateEvent;
import io.banditflow.core.event.LateReason;
import io.banditflow.core.event.ParseResult;
import io.banditflow.core.event.RejectReason;
import io.banditflow.job.source.RawRecord;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Validates raw records of one stream. Bad records go to the dead-letter output with their reason
 * and payload; conversions more than the attribution window after their click go to the late
 * output. Both are counted; nothing is dropped silently and nothing throws.
 */
public class ValidateEvents extends ProcessFunction<RawRecord, FeedbackEvent> {
    private final EventType type;
    private final long maxFutureSkewMillis;
    private final long attributionMillis;

    private transient EventParser parser;
    private transient Counter valid;
    private transient Counter outsideAttribution;
    private transient Map<RejectReason, Counter> rejected;

    public ValidateEvents(EventType type, long maxFutureSkewMillis, long attributionMillis) {
        this.type = type;
        this.maxFutureSkewMillis = maxFutureSkewMillis;
        this.attributionMillis = attributionMillis;
    }

    @Override
    public void open(OpenContext context) {
        parser = new EventParser(maxFutureSkewMillis, System::currentTimeMillis);
        MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup("stream", type.name());
        valid = metrics.counter("eventsValid");
        outsideAttribution = metrics.counter("conversionsOutsideAttribution");
        rejected = new EnumMap<>(RejectReason.class);
        for (RejectReason reason : RejectReason.values()) {
            rejected.put(reason, metrics.addGroup("reason", reason.name()).counter("deadLetters"));
        }
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<FeedbackEvent> out) {
        ParseResult result = parser.parse(type, raw.payload());
        if (result instanceof ParseResult.Rejected r) {
            rejected.get(r.reason()).inc();
            ctx.output(
                    SideOutputs.DEAD_LETTERS,
                    new DeadLetter(type, raw.origin(), r.reason(), r.detail(), raw.payload()));
            return;
        }
        FeedbackEvent event = ((ParseResult.Valid) result).event();
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
