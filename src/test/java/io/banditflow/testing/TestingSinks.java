package io.banditflow.testing;

import io.banditflow.core.drift.DriftSignal;
import io.banditflow.core.event.DeadLetter;
import io.banditflow.core.event.LateEvent;
import io.banditflow.core.policy.Decision;
import io.banditflow.job.sink.JobSinks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Collects the topology's outputs in memory. The MiniCluster runs in the test's JVM, so writers
 * append to static queues under this instance's id; read them after the job has finished.
 */
public final class TestingSinks implements JobSinks {
    private static final Map<String, Queue<Object>> QUEUES = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();
    private JobID jobId;

    /** The job that wrote these outputs, once it has run. */
    public JobID jobId() {
        return jobId;
    }

    void ranAs(JobID jobId) {
        this.jobId = jobId;
    }

    @Override
    public void decisions(DataStream<Decision> decisions) {
        decisions.sinkTo(new Collect<>(id + "/decisions")).name("collect decisions");
    }

    @Override
    public void answers(DataStream<Decision> answers) {
        answers.sinkTo(new Collect<>(id + "/decisions")).name("collect answers");
    }

    @Override
    public void shadowDecisions(DataStream<Decision> decisions) {
        decisions.sinkTo(new Collect<>(id + "/shadow")).name("collect shadow decisions");
    }

    public List<Decision> shadowDecisions() {
        return list(id + "/shadow");
    }

    @Override
    public void signals(DataStream<DriftSignal> signals) {
        signals.sinkTo(new Collect<>(id + "/signals")).name("collect signals");
    }

    @Override
    public void deadLetters(DataStream<DeadLetter> deadLetters) {
        deadLetters.sinkTo(new Collect<>(id + "/dead")).name("collect dead letters");
    }

    @Override
    public void late(DataStream<LateEvent> late) {
        late.sinkTo(new Collect<>(id + "/late")).name("collect late");
    }

    public List<Decision> decisions() {
        return list(id + "/decisions");
    }

    public List<DriftSignal> signals() {
        return list(id + "/signals");
    }

    public List<DeadLetter> deadLetters() {
        return list(id + "/dead");
    }

    public List<LateEvent> late() {
        return list(id + "/late");
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(String name) {
        return new ArrayList<>(
                (Queue<T>) (Queue<?>) QUEUES.getOrDefault(name, new ConcurrentLinkedQueue<>()));
    }

    private static final class Collect<T> implements Sink<T> {
        private final String name;

        Collect(String name) {
            this.name = name;
        }

        @Override
        public SinkWriter<T> createWriter(WriterInitContext context) {
            Queue<Object> queue = QUEUES.computeIfAbsent(name, n -> new ConcurrentLinkedQueue<>());
            return new SinkWriter<>() {
                @Override
                public void write(T element, Context ctx) {
                    queue.add(element);
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}
