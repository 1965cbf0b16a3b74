package io.banditflow.core.event;

/**
 * The input a record was read from: a feedback stream, the control topic, the catalog or the
 * decision requests.
 */
public enum RecordSource {
    IMPRESSION,
    CLICK,
    CONVERSION,
    CONTROL,
    CATALOG,
    REQUEST;

    public static RecordSource of(EventType type) {
        return valueOf(type.name());
    }
}
