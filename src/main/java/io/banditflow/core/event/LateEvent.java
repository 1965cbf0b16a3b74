package io.banditflow.core.event;

/** A valid event that arrived too late, or too long after its click, to count for its round. */
public record LateEvent(LateReason reason, FeedbackEvent event) {}
