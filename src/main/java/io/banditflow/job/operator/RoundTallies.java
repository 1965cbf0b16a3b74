package io.banditflow.job.operator;

import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.reward.RoundOutcome;
import io.banditflow.core.reward.RoundTally;
import io.banditflow.core.round.RoundClock;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** The round window's incremental aggregate and the function that labels its result. */
public final class RoundTallies {
    private RoundTallies() {}

    /** Keeps one small tally per product and round instead of buffering events. */
    public static class Aggregate
            implements AggregateFunction<FeedbackEvent, RoundTally, RoundTally> {
        @Override
        public RoundTally createAccumulator() {
            return new RoundTally();
        }

        @Override
        public RoundTally add(FeedbackEvent event, RoundTally tally) {
            return tally.add(event);
        }

        @Override
        public RoundTally getResult(RoundTally tally) {
            return tally;
        }

        @Override
        public RoundTally merge(RoundTally a, RoundTally b) {
            return a.merge(b);
        }
    }

    /** Turns a product's final tally into its {@link RoundOutcome}. */
    public static class ToOutcome
            extends ProcessWindowFunction<RoundTally, RoundOutcome, String, TimeWindow> {
        private final RoundClock clock;

        public ToOutcome(RoundClock clock) {
            this.clock = clock;
        }

        @Override
        public void process(
                String productId,
                Context ctx,
                Iterable<RoundTally> tallies,
                Collector<RoundOutcome> out) {
            long round = clock.roundOf(ctx.window().getStart());
            for (RoundTally tally : tallies) {
                out.collect(tally.toOutcome(productId, round));
            }
        }
    }
}
