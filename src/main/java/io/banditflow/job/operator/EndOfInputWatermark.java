package io.banditflow.job.operator;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Passes its input through and, when its input ends — a bounded input's end or {@code flink stop
 * --drain}, never a stop without drain — announces itself active and sends the end of event time
 * on. Flink 2.2 sends that final watermark from the source into an output that drops watermarks
 * while its source is idle (FLINK-40499, open), so a drain that came after the sources had gone
 * idle ({@code time.sourceIdleness}) fired no timer past the input: each product's last decision,
 * made at the end of event time, came or not depending on wall-clock timing. Chained after a
 * source, it makes a drain end event time whatever the source's idleness.
 */
public final class EndOfInputWatermark<T> extends AbstractStreamOperator<T>
        implements OneInputStreamOperator<T, T>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    @Override
    public void processElement(StreamRecord<T> element) {
        output.collect(element);
    }

    @Override
    public void endInput() {
        output.emitWatermarkStatus(WatermarkStatus.ACTIVE);
        output.emitWatermark(Watermark.MAX_WATERMARK);
    }
}
