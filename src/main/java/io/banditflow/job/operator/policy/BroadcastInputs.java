package io.banditflow.job.operator.policy;

import static io.banditflow.job.operator.policy.PolicyStateLayout.CATEGORY_PRIORS;
import static io.banditflow.job.operator.policy.PolicyStateLayout.COMMANDS;
import static io.banditflow.job.operator.policy.PolicyStateLayout.GLOBAL_DRIFT;
import static io.banditflow.job.operator.policy.PolicyStateLayout.GLOBAL_SPEND;
import static io.banditflow.job.operator.policy.PolicyStateLayout.PACING;
import static io.banditflow.job.operator.policy.PolicyStateLayout.TRAFFIC;
import static io.banditflow.job.operator.policy.PolicyStateLayout.VALUE_POOLS;

import io.banditflow.core.drift.DriftSignal;
import io.banditflow.core.drift.DriftTimeline;
import io.banditflow.core.drift.MarketAlarm;
import io.banditflow.core.event.ControlCommand;
import io.banditflow.core.guard.KillSwitch;
import io.banditflow.core.guard.RoundSpend;
import io.banditflow.core.landscape.PooledValue;
import io.banditflow.core.policy.PooledPrior;
import io.banditflow.core.pool.CategoryPooling;
import io.banditflow.core.round.RoundClock;
import io.banditflow.job.operator.PacingLevel;
import io.banditflow.job.operator.TrafficTotal;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;

/**
 * The policy operator's broadcast inputs, each kept in its broadcast state by time or round and
 * pruned by the operator's event clock (never by the newest input: totals and signals may arrive
 * far ahead of it): every instance holds the same, so every product reads the same "as of" its
 * decision time.
 */
final class BroadcastInputs {
    private final RoundClock clock;
    private final int roundsPerBatch;
    private final int trafficTrailingRounds;

    BroadcastInputs(RoundClock clock, int roundsPerBatch, int trafficTrailingRounds) {
        this.clock = clock;
        this.roundsPerBatch = roundsPerBatch;
        this.trafficTrailingRounds = trafficTrailingRounds;
    }

    /**
     * Keeps one broadcast input.
     *
     * @param clock the operator's event clock (Long.MIN_VALUE before any watermark)
     */
    void take(
            PolicyBroadcast element,
            KeyedBroadcastProcessFunction<?, ?, ?, ?>.Context ctx,
            long clock)
            throws Exception {
        switch (element.kind()) {
            case CATEGORY_PRIOR ->
                    categoryPrior(
                            ((PolicyBroadcast.CategoryPrior) element).prior(),
                            ctx.getBroadcastState(CATEGORY_PRIORS),
                            clock);
            case PACING -> pacing(((PolicyBroadcast.Pacing) element).level(), ctx, clock);
            case VALUE_POOL ->
                    valuePool(
                            ((PolicyBroadcast.ValuePool) element).part(),
                            ctx.getBroadcastState(VALUE_POOLS),
                            clock);
            case COMMAND -> command(((PolicyBroadcast.Command) element).command(), ctx, clock);
            case GLOBAL_SPEND ->
                    globalSpend(((PolicyBroadcast.GlobalSpend) element).spend(), ctx, clock);
            case GLOBAL_DRIFT ->
                    globalDrift(
                            ((PolicyBroadcast.GlobalDrift) element).signal(),
                            ctx.getBroadcastState(GLOBAL_DRIFT),
                            clock);
            case TRAFFIC ->
                    traffic(
                            ((PolicyBroadcast.Traffic) element).total(),
                            ctx.getBroadcastState(TRAFFIC),
                            clock);
        }
    }

    private static void command(
            ControlCommand command,
            KeyedBroadcastProcessFunction<?, ?, ?, ?>.Context ctx,
            long clock)
            throws Exception {
        var commands = ctx.getBroadcastState(COMMANDS);
        commands.put(command.commandId(), command);
        for (String id : KillSwitch.superseded(ProductViews.values(commands), clock)) {
            commands.remove(id);
        }
    }

    private static void categoryPrior(
            PooledPrior prior, BroadcastState<String, PooledPrior[]> priors, long clock)
            throws Exception {
        priors.put(
                prior.category(), CategoryPooling.with(priors.get(prior.category()), prior, clock));
    }

    private static void valuePool(
            PooledValue part, BroadcastState<String, PooledValue[]> parts, long clock)
            throws Exception {
        parts.put(part.poolKey(), PooledValue.with(parts.get(part.poolKey()), part, clock));
    }

    private void pacing(
            PacingLevel level, KeyedBroadcastProcessFunction<?, ?, ?, ?>.Context ctx, long clock)
            throws Exception {
        var pacing = ctx.getBroadcastState(PACING);
        pacing.put(level.round(), level.lambda());
        if (clock != Long.MIN_VALUE) {
            // the oldest round a batch still to be learned may have been decided in
            removeRoundsBefore(
                    pacing,
                    this.clock.roundOf(clock - this.clock.attributionMillis())
                            - roundsPerBatch
                            - this.clock.periodsPerDay());
        }
    }

    private void globalSpend(
            RoundSpend roundSpend,
            KeyedBroadcastProcessFunction<?, ?, ?, ?>.Context ctx,
            long clock)
            throws Exception {
        var spend = ctx.getBroadcastState(GLOBAL_SPEND);
        spend.put(roundSpend.round(), roundSpend.cost());
        if (clock != Long.MIN_VALUE) {
            // two days: the spend throttle forecasts today's rounds from the day before's
            removeRoundsBefore(
                    spend, this.clock.roundOf(clock) - 2L * this.clock.periodsPerDay() - 1);
        }
    }

    private static void globalDrift(
            DriftSignal signal, BroadcastState<Long, String> drift, long clock) throws Exception {
        drift.put(
                signal.effectiveTime(),
                DriftTimeline.merged(drift.get(signal.effectiveTime()), signal));
        // an alarm's entries stay until it ends: a product follows it on evidence since it began
        for (Long at : MarketAlarm.prunable(drift.immutableEntries(), clock)) {
            drift.remove(at);
        }
    }

    private void traffic(TrafficTotal total, BroadcastState<Long, Long> traffic, long clock)
            throws Exception {
        traffic.put(total.round(), total.impressions());
        if (clock == Long.MIN_VALUE) {
            return;
        }
        // A batch still to be applied ends at or after roundOf(clock - W).
        removeRoundsBefore(
                traffic,
                this.clock.roundOf(clock - this.clock.attributionMillis())
                        - trafficTrailingRounds
                        - 1);
    }

    /** Drops a broadcast per-round map's rounds before {@code oldest}. */
    private static <V> void removeRoundsBefore(BroadcastState<Long, V> byRound, long oldest)
            throws Exception {
        List<Long> expired = new ArrayList<>();
        for (var entry : byRound.immutableEntries()) {
            if (entry.getKey() < oldest) {
                expired.add(entry.getKey());
            }
        }
        for (Long round : expired) {
            byRound.remove(round);
        }
    }
}
