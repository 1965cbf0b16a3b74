package io.banditflow.job.source;

import io.banditflow.core.event.CatalogEntry;
import io.banditflow.core.event.EventParser;
import io.banditflow.core.event.ParseResult;
import io.banditflow.core.event.RejectReason;

/** A catalog-topic record as read and validated at the source. */
public record ParsedCatalog(
        CatalogEntry entry, RejectReason reason, String detail, String payload, String origin)
        implements Parsed<CatalogEntry> {

    public static ParsedCatalog parse(EventParser parser, String payload, String origin) {
        ParseResult result = parser.parseCatalog(payload);
        if (result instanceof ParseResult.Rejected r) {
            return new ParsedCatalog(null, r.reason(), r.detail(), payload, origin);
        }
        return new ParsedCatalog(
                ((ParseResult.ValidCatalog) result).entry(), null, null, null, origin);
    }

    @Override
    public CatalogEntry value() {
        return entry;
    }

    /** The entry's event time (none for a rejection). */
    public long timestamp() {
        return entry == null ? Long.MIN_VALUE : entry.eventTime();
    }
}
