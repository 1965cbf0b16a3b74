package io.banditflow.job.operator;

import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.reward.RoundOutcome;
import io.banditflow.core.reward.RoundTally;
import io.banditflow.core.round.RoundClock;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
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

    /**
     * Turns a product's tally into its {@link RoundOutcome}: the first firing (at the round's end)
     * goes to the {@link SideOutputs#ROUND_END_OUTCOMES} side output, the last (when final) to the
     * main output. With no attribution window the one firing is both.
     */
    public static class ToOutcome
            extends ProcessWindowFunction<RoundTally, RoundOutcome, String, TimeWindow> {
        private static final ValueStateDescriptor<Boolean> ROUND_END_EMITTED =
                new ValueStateDescriptor<>("round-end-emitted", Types.BOOLEAN);

        private final RoundClock clock;

        public ToOutcome(RoundClock clock) {
            this.clock = clock;
        }

        @Override
        public void process(
                String productId,
                Context ctx,
                Iterable<RoundTally> tallies,
                Collector<RoundOutcome> out)
                throws Exception {
            long round = clock.roundOf(ctx.window().getStart());
            RoundOutcome outcome = tallies.iterator().next().toOutcome(productId, round);
            ValueState<Boolean> roundEndEmitted = ctx.windowState().getState(ROUND_END_EMITTED);
            if (roundEndEmitted.value() == null) {
                ctx.output(SideOutputs.ROUND_END_OUTCOMES, outcome);
                if (clock.attributionMillis() > 0) {
                    roundEndEmitted.update(true);
                    return;
                }
            }
            out.collect(outcome);
        }

        @Override
        public void clear(Context ctx) {
            ctx.windowState().getState(ROUND_END_EMITTED).clear();
        }
    }
}
