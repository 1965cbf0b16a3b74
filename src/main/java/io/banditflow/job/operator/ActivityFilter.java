package io.banditflow.job.operator;

import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.round.RoundClock;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns the event stream into a thin activity stream for the policy operator: one record per
 * product and round per subtask instead of one per event — and another whenever an event of that
 * round comes earlier than the one sent. The topics arrive interleaved, so a round's first event to
 * arrive need not be its earliest, and the earliest decides from which round a new product decides
 * (a click read before its impression once started a product a round late). Holds no Flink state:
 * after a restore it may repeat an activity, which the policy operator treats idempotently.
 */
public class ActivityFilter extends ProcessFunction<FeedbackEvent, ProductActivity> {
    private static final int MAX_TRACKED_PRODUCTS = 200_000;

    private final RoundClock clock;

    /** Per product, the time of the earliest event sent of the latest round sent. */
    private transient Map<String, Long> earliestSent;

    public ActivityFilter(RoundClock clock) {
        this.clock = clock;
    }

    @Override
    public void processElement(FeedbackEvent event, Context ctx, Collector<ProductActivity> out) {
        if (earliestSent == null || earliestSent.size() > MAX_TRACKED_PRODUCTS) {
            earliestSent = new HashMap<>();
        }
        long time = event.eventTime();
        Long sent = earliestSent.get(event.productId());
        if (sent == null || clock.roundOf(sent) != clock.roundOf(time) || time < sent) {
            earliestSent.put(event.productId(), time);
            out.collect(new ProductActivity(event.productId(), time));
        }
    }
}
