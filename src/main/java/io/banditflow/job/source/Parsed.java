package io.banditflow.job.source;

import io.banditflow.core.event.RejectReason;

/**
 * A control-plane record (kill-switch command, catalog entry) as read and validated at the source:
 * the valid value, or the rejection with the raw payload for the dead letters.
 */
public interface Parsed<T> {
    /** The valid value, or null if the record was rejected. */
    T value();

    RejectReason reason();

    String detail();

    String payload();

    /** Where it was read (topic-partition@offset for Kafka). */
    String origin();
}
