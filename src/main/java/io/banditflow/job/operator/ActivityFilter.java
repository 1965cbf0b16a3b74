package io.banditflow.job.operator;

import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.round.RoundClock;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns the event stream into a thin activity stream for the policy operator: at most one record
 * per product and round per subtask, instead of one per event. Holds no Flink state: after a
 * restore it may repeat an activity, which the policy operator treats idempotently.
 */
public class ActivityFilter extends ProcessFunction<FeedbackEvent, ProductActivity> {
    private static final int MAX_TRACKED_PRODUCTS = 200_000;

    private final RoundClock clock;
    private transient Map<String, Long> lastRoundSent;

    public ActivityFilter(RoundClock clock) {
        this.clock = clock;
    }

    @Override
    public void processElement(FeedbackEvent event, Context ctx, Collector<ProductActivity> out) {
        if (lastRoundSent == null || lastRoundSent.size() > MAX_TRACKED_PRODUCTS) {
            lastRoundSent = new HashMap<>();
        }
        long round = clock.roundOf(event.eventTime());
        Long previous = lastRoundSent.put(event.productId(), round);
        if (previous == null || previous != round) {
            out.collect(new ProductActivity(event.productId(), event.eventTime()));
        }
    }
}
