package io.banditflow.core.event;

/** The input a record was read from: a feedback stream, the control topic or the catalog. */
public enum RecordSource {
    IMPRESSION,
    CLICK,
    CONVERSION,
    CONTROL,
    CATALOG;

    public static RecordSource of(EventType type) {
        return valueOf(type.name());
    }
}
