package io.banditflow.job.operator;

import io.banditflow.core.event.ControlAction;
import io.banditflow.core.event.ControlCommand;
import io.banditflow.core.event.DeadLetter;
import io.banditflow.core.event.RecordSource;
import io.banditflow.core.event.RejectReason;
import io.banditflow.job.source.ParsedCommand;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Routes the control topic's records: invalid commands to the dead letters (source CONTROL), valid
 * ones on, each counted by action so that every use of the kill switch shows in the metrics.
 */
public class RouteCommands extends ProcessFunction<ParsedCommand, ControlCommand> {
    private transient Map<ControlAction, Counter> accepted;
    private transient Map<RejectReason, Counter> rejected;

    @Override
    public void open(OpenContext context) {
        MetricGroup metrics =
                getRuntimeContext()
                        .getMetricGroup()
                        .addGroup("stream", RecordSource.CONTROL.name());
        accepted = new EnumMap<>(ControlAction.class);
        for (ControlAction action : ControlAction.values()) {
            accepted.put(action, metrics.addGroup("action", action.name()).counter("commands"));
        }
        rejected = new EnumMap<>(RejectReason.class);
        for (RejectReason reason : RejectReason.values()) {
            rejected.put(reason, metrics.addGroup("reason", reason.name()).counter("deadLetters"));
        }
    }

    @Override
    public void processElement(ParsedCommand record, Context ctx, Collector<ControlCommand> out) {
        if (record.command() == null) {
            rejected.get(record.reason()).inc();
            ctx.output(
                    SideOutputs.DEAD_LETTERS,
                    new DeadLetter(
                            RecordSource.CONTROL,
                            record.origin(),
                            record.reason(),
                            record.detail(),
                            record.payload()));
            return;
        }
        accepted.get(record.command().action()).inc();
        out.collect(record.command());
    }
}
