package io.banditflow.job.sink;

import io.banditflow.core.drift.DriftSignal;
import io.banditflow.core.event.DeadLetter;
import io.banditflow.core.event.LateEvent;
import io.banditflow.core.policy.Decision;
import org.apache.flink.streaming.api.datastream.DataStream;

/** Where the topology's outputs go, injected: Kafka in production and the demo, memory in tests. */
public interface JobSinks {
    void decisions(DataStream<Decision> decisions);

    void signals(DataStream<DriftSignal> signals);

    void deadLetters(DataStream<DeadLetter> deadLetters);

    void late(DataStream<LateEvent> late);
}
