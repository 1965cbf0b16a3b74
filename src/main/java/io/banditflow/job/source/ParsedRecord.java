package io.banditflow.job.source;

import io.banditflow.core.event.EventParser;
import io.banditflow.core.event.EventType;
import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.event.ParseResult;
import io.banditflow.core.event.RejectReason;

/**
 * A record as read and validated at the source, so watermarks can be generated per Kafka partition:
 * either a valid event, or the rejection with the raw payload for the dead letters.
 *
 * @param event the valid event, or null if the record was rejected
 * @param reason why the record was rejected, or null
 * @param payload the raw record, kept only when it was rejected
 * @param origin where it was read (topic-partition@offset for Kafka)
 */
public record ParsedRecord(
        EventType type,
        FeedbackEvent event,
        RejectReason reason,
        String detail,
        String payload,
        String origin) {

    public static ParsedRecord parse(
            EventParser parser, EventType type, String payload, String origin) {
        ParseResult result = parser.parse(type, payload);
        if (result instanceof ParseResult.Rejected r) {
            return new ParsedRecord(type, null, r.reason(), r.detail(), payload, origin);
        }
        return new ParsedRecord(
                type, ((ParseResult.Valid) result).event(), null, null, null, origin);
    }

    /** The record's event time: the attribution time of a valid event (none for a rejection). */
    public long timestamp() {
        return event == null ? Long.MIN_VALUE : event.attributionTime();
    }
}
