package io.banditflow.job.sink;

import io.banditflow.core.drift.DriftSignal;
import io.banditflow.core.event.DeadLetter;
import io.banditflow.core.event.LateEvent;
import io.banditflow.core.policy.Decision;
import org.apache.flink.streaming.api.datastream.DataStream;

/** Where the topology's outputs go, injected: Kafka in production and the demo, memory in tests. */
public interface JobSinks {
    /** Round decisions: made ahead of their round, so they may wait for a checkpoint. */
    void decisions(DataStream<Decision> decisions);

    /**
     * Answers to decision requests (requests mode), to the same topic as round decisions: an ad
     * server waits for each, so they are sent at once rather than with a checkpoint.
     */
    void answers(DataStream<Decision> answers);

    /** The shadow policies' decisions (job file: shadows), beside the round decisions. */
    void shadowDecisions(DataStream<Decision> decisions);

    void signals(DataStream<DriftSignal> signals);

    void deadLetters(DataStream<DeadLetter> deadLetters);

    void late(DataStream<LateEvent> late);
}
