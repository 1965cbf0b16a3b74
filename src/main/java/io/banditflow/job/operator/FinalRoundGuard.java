package io.banditflow.job.operator;

import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.round.RoundClock;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Sends an event whose round is already final to the late output, judged by the event-time clock
 * the job had reached even across a restore. Chained in front of the round window, it sees exactly
 * the window's watermarks.
 *
 * <p>Why it exists: Flink does not checkpoint watermarks, so a restored job starts from none, and
 * until its sources have caught up an event whose round was final before the stop would look on
 * time to the window. The window would open that round again and fire it a second time: a second
 * round-end outcome (replacing the round's spend in the guardrails and the context) and a second
 * final one (a drift sample twice). This operator keeps the watermark it last saw in operator state
 * and judges lateness by the larger of that and the current one, as the window did before the stop.
 *
 * <p>Every subtask receives every upstream channel (it follows a keyBy), so at an aligned
 * checkpoint all subtasks hold the same watermark; after a rescale each takes the largest stored.
 */
public class FinalRoundGuard extends AbstractStreamOperator<FeedbackEvent>
        implements OneInputStreamOperator<FeedbackEvent, FeedbackEvent> {
    private static final ListStateDescriptor<Long> WATERMARK =
            new ListStateDescriptor<>("watermark", Types.LONG);

    private final RoundClock clock;

    private transient ListState<Long> stored;

    /** The larger of the watermark restored and the latest one received. */
    private transient long watermark;

    public FinalRoundGuard(RoundClock clock) {
        this.clock = clock;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        stored = context.getOperatorStateStore().getUnionListState(WATERMARK);
        watermark = Long.MIN_VALUE;
        for (Long restored : stored.get()) {
            watermark = Math.max(watermark, restored);
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        stored.update(List.of(watermark));
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        watermark = Math.max(watermark, mark.getTimestamp());
        super.processWatermark(mark);
    }

    @Override
    public void processElement(StreamRecord<FeedbackEvent> record) {
        // the window's own rule: late when its clean-up time (max timestamp + lateness) has passed
        if (clock.roundFinalTime(clock.roundOf(record.getTimestamp())) <= watermark) {
            output.collect(SideOutputs.AFTER_ROUND_FINAL, record);
        } else {
            output.collect(record);
        }
    }

    /** The watermark the guard judges by: for tests. */
    long watermark() {
        return watermark;
    }
}
