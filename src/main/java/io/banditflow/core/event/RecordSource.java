package io.banditflow.core.event;

/** The input a record was read from: a feedback stream or the control topic. */
public enum RecordSource {
    IMPRESSION,
    CLICK,
    CONVERSION,
    CONTROL;

    public static RecordSource of(EventType type) {
        return valueOf(type.name());
    }
}
