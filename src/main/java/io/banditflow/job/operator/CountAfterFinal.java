package io.banditflow.job.operator;

import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.event.LateEvent;
import io.banditflow.core.event.LateReason;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/** Labels and counts events that arrived after their round was final. */
public final class CountAfterFinal extends RichMapFunction<FeedbackEvent, LateEvent> {
    private transient Counter counter;

    @Override
    public void open(OpenContext context) {
        counter = getRuntimeContext().getMetricGroup().counter("lateAfterRoundFinal");
    }

    @Override
    public LateEvent map(FeedbackEvent event) {
        counter.inc();
        return new LateEvent(LateReason.AFTER_ROUND_FINAL, event);
    }
}
