package io.banditflow.core.event;

/** The three feedback streams, one Kafka topic each. */
public enum EventType {
    IMPRESSION,
    CLICK,
    CONVERSION
}
