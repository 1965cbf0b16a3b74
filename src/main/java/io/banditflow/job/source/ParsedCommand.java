package io.banditflow.job.source;

import io.banditflow.core.event.ControlCommand;
import io.banditflow.core.event.EventParser;
import io.banditflow.core.event.ParseResult;
import io.banditflow.core.event.RejectReason;

/**
 * A control-topic record as read and validated at the source: a valid command, or the rejection
 * with the raw payload for the dead letters.
 */
public record ParsedCommand(
        ControlCommand command, RejectReason reason, String detail, String payload, String origin)
        implements Parsed<ControlCommand> {

    @Override
    public ControlCommand value() {
        return command;
    }

    public static ParsedCommand parse(EventParser parser, String payload, String origin) {
        ParseResult result = parser.parseCommand(payload);
        if (result instanceof ParseResult.Rejected r) {
            return new ParsedCommand(null, r.reason(), r.detail(), payload, origin);
        }
        return new ParsedCommand(
                ((ParseResult.ValidCommand) result).command(), null, null, null, origin);
    }

    /** The command's event time (none for a rejection). */
    public long timestamp() {
        return command == null ? Long.MIN_VALUE : command.eventTime();
    }
}
