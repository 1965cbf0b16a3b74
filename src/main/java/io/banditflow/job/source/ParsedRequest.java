package io.banditflow.job.source;

import io.banditflow.core.event.DecisionRequest;
import io.banditflow.core.event.EventParser;
import io.banditflow.core.event.ParseResult;
import io.banditflow.core.event.RejectReason;

/** A decision-request record as read and validated at the source, stamped with when it was read. */
public record ParsedRequest(
        DecisionRequest request,
        long receivedAtMicros,
        RejectReason reason,
        String detail,
        String payload,
        String origin)
        implements Parsed<ReceivedRequest> {

    public static ParsedRequest parse(EventParser parser, String payload, String origin) {
        long receivedAt = ReceivedRequest.nowMicros();
        ParseResult result = parser.parseRequest(payload);
        if (result instanceof ParseResult.Rejected r) {
            return new ParsedRequest(null, receivedAt, r.reason(), r.detail(), payload, origin);
        }
        return new ParsedRequest(
                ((ParseResult.ValidRequest) result).request(),
                receivedAt,
                null,
                null,
                null,
                origin);
    }

    @Override
    public ReceivedRequest value() {
        return request == null ? null : new ReceivedRequest(request, receivedAtMicros);
    }

    /** The request's event time (none for a rejection). */
    public long timestamp() {
        return request == null ? Long.MIN_VALUE : request.eventTime();
    }
}
