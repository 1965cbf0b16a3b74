package io.banditflow.job.source;

import io.banditflow.core.event.DecisionRequest;
import java.time.Instant;

/**
 * A valid decision request and the wall-clock time the job read it, from which the policy operator
 * measures how long the answer took. The time is for the latency metric only: no decision depends
 * on it.
 */
public record ReceivedRequest(DecisionRequest request, long receivedAtMicros) {
    public String productId() {
        return request.productId();
    }

    /** The wall clock in microseconds since the epoch. */
    public static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
