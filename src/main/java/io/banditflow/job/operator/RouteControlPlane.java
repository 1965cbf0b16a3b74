package io.banditflow.job.operator;

import io.banditflow.core.event.DeadLetter;
import io.banditflow.core.event.RecordSource;
import io.banditflow.core.event.RejectReason;
import io.banditflow.job.source.Parsed;
import java.io.Serializable;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Routes a control-plane topic's records (kill-switch commands, catalog entries): invalid ones to
 * the dead letters with their source, valid ones on, each counted under a label (a command's
 * action, an entry's status) so that every use shows in the metrics.
 */
public class RouteControlPlane<P extends Parsed<T>, T> extends ProcessFunction<P, T> {
    /** A serializable label of a valid record, for its counter. */
    @FunctionalInterface
    public interface Label<T> extends Serializable {
        String of(T value);
    }

    private final RecordSource source;
    private final String counterName;
    private final String labelName;
    private final Label<T> label;

    private transient MetricGroup metrics;
    private transient Map<String, Counter> accepted;
    private transient Map<RejectReason, Counter> rejected;

    /**
     * @param counterName the metric counting valid records ({@code commands}, {@code
     *     catalogEntries})
     * @param labelName the metric group key of the label ({@code action}, {@code status})
     */
    public RouteControlPlane(
            RecordSource source, String counterName, String labelName, Label<T> label) {
        this.source = source;
        this.counterName = counterName;
        this.labelName = labelName;
        this.label = label;
    }

    @Override
    public void open(OpenContext context) {
        metrics = getRuntimeContext().getMetricGroup().addGroup("stream", source.name());
        accepted = new HashMap<>();
        rejected = new EnumMap<>(RejectReason.class);
        for (RejectReason reason : RejectReason.values()) {
            rejected.put(reason, metrics.addGroup("reason", reason.name()).counter("deadLetters"));
        }
    }

    @Override
    public void processElement(P record, Context ctx, Collector<T> out) {
        T value = record.value();
        if (value == null) {
            rejected.get(record.reason()).inc();
            ctx.output(
                    SideOutputs.DEAD_LETTERS,
                    new DeadLetter(
                            source,
                            record.origin(),
                            record.reason(),
                            record.detail(),
                            record.payload()));
            return;
        }
        accepted.computeIfAbsent(
                        label.of(value), l -> metrics.addGroup(labelName, l).counter(counterName))
                .inc();
        out.collect(value);
    }
}
