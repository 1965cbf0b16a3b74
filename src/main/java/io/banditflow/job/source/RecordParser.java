package io.banditflow.job.source;

import io.banditflow.core.event.EventParser;
import java.io.Serializable;

/** Turns one raw record into its parsed form; serializable, so sources can carry it. */
@FunctionalInterface
public interface RecordParser<T> extends Serializable {
    T parse(EventParser parser, String payload, String origin);
}
