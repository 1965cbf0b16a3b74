package io.banditflow.job.operator;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.triggers.TriggerResult;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * Fires a round window twice: when the round ends, for what is known then (traffic and spend, for
 * the drift monitors), and once more when it is final, at its end plus the allowed lateness, the
 * instant the window operator cleans it up (the outcome the learner uses). The default event-time
 * trigger would also fire for every late conversion, and a learner must not count a round twice.
 * With no allowed lateness both instants coincide and the window fires once.
 *
 * <p>The round-end firing happens exactly once per window, also for a window whose first element
 * arrives after the round ended (a late conversion): then it fires on that element.
 *
 * <p>The trigger registers no timer for the final instant: the window operator registers its
 * clean-up timer there for every element and asks the trigger about it before it cleans up. One
 * registration fewer per element in RocksDB's timer queue.
 */
public class FireAtEndAndWhenFinal extends Trigger<Object, TimeWindow> {
    private static final ValueStateDescriptor<Boolean> END_FIRED =
            new ValueStateDescriptor<>("end-fired", Types.BOOLEAN);

    private final long allowedLatenessMillis;

    public FireAtEndAndWhenFinal(long allowedLatenessMillis) {
        this.allowedLatenessMillis = allowedLatenessMillis;
    }

    private long finalTime(TimeWindow window) {
        return window.maxTimestamp() + allowedLatenessMillis;
    }

    @Override
    public TriggerResult onElement(
            Object element, long timestamp, TimeWindow window, TriggerContext ctx)
            throws Exception {
        if (window.maxTimestamp() > ctx.getCurrentWatermark()) {
            ctx.registerEventTimeTimer(window.maxTimestamp());
            return TriggerResult.CONTINUE;
        }
        ValueState<Boolean> endFired = ctx.getPartitionedState(END_FIRED);
        if (endFired.value() == null) {
            endFired.update(true);
            return TriggerResult.FIRE;
        }
        return TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onEventTime(long time, TimeWindow window, TriggerContext ctx)
            throws Exception {
        if (time == finalTime(window)) {
            return TriggerResult.FIRE_AND_PURGE;
        }
        if (time == window.maxTimestamp()) {
            // once: a window restored after its round-end firing may register this timer again
            // (a restored job's watermark starts from nothing)
            ValueState<Boolean> endFired = ctx.getPartitionedState(END_FIRED);
            if (endFired.value() != null) {
                return TriggerResult.CONTINUE;
            }
            endFired.update(true);
            return TriggerResult.FIRE;
        }
        return TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onProcessingTime(long time, TimeWindow window, TriggerContext ctx) {
        return TriggerResult.CONTINUE;
    }

    @Override
    public void clear(TimeWindow window, TriggerContext ctx) {
        ctx.deleteEventTimeTimer(window.maxTimestamp());
        ctx.getPartitionedState(END_FIRED).clear();
    }
}
