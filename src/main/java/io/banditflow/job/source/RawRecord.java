package io.banditflow.job.source;

import io.banditflow.core.event.EventType;

/**
 * A record as read, before validation.
 *
 * @param origin where it was read, for the dead-letter output (topic-partition@offset for Kafka)
 */
public record RawRecord(EventType type, String payload, String origin) {}
