package io.banditflow.core.event;

/**
 * A record that failed validation, kept with its raw payload so it can be inspected and replayed.
 *
 * @param source the input it came from
 * @param origin where it was read (topic-partition@offset for Kafka)
 */
public record DeadLetter(
        RecordSource source, String origin, RejectReason reason, String detail, String payload) {}
