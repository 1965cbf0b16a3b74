package io.banditflow.job.operator.policy;

import io.banditflow.core.round.RoundClock;
import java.util.Arrays;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.TimerService;

/**
 * When a product gets round decisions: from the first decision time after its first activity, each
 * round after that, until it has been silent for the inactivity timeout and is not listed ACTIVE in
 * the catalog (the operator asks the catalog); then again from the first decision time after its
 * next activity. Holds the product's activity log (one time per round, the earliest) and its next
 * round to decide, in keyed state.
 *
 * <p>Activity is judged at or before the timer that asks, all of which has arrived when the timer
 * fires, so the schedule depends on event time only.
 */
final class DecisionSchedule {
    private final RoundClock clock;
    private final int inactivityRounds;
    private final ValueState<long[]> activity;
    private final ValueState<Long> nextRound;

    DecisionSchedule(RoundClock clock, int inactivityRounds, RuntimeContext runtime) {
        this.clock = clock;
        this.inactivityRounds = inactivityRounds;
        this.activity = runtime.getState(PolicyStateLayout.activity());
        this.nextRound = runtime.getState(PolicyStateLayout.nextRound());
    }

    /** Activity at {@code time} (not late): the product decides from the first round after it. */
    void seen(long time, TimerService timers) throws Exception {
        record(time);
        long firstRound = clock.firstDecisionRoundAfter(time);
        Long next = nextRound.value();
        if (next == null || firstRound < next) {
            nextRound.update(firstRound);
            timers.registerEventTimeTimer(clock.decisionTime(firstRound));
        }
    }

    /**
     * The round whose decision time is {@code time}, if the product has one due then; else null.
     */
    Long dueAt(long time) throws Exception {
        Long next = nextRound.value();
        return next != null && clock.decisionTime(next) == time ? next : null;
    }

    /**
     * Whether the product is still active at {@code time}: activity within the inactivity timeout
     * up to then. Drops activity too old to count.
     */
    boolean activeAt(long time) throws Exception {
        long[] log = activity.value();
        if (log == null) {
            log = new long[0];
        }
        long oldestCounted = clock.roundOf(time) - inactivityRounds;
        boolean active = false;
        for (long t : log) {
            active |= t <= time && clock.roundOf(t) >= oldestCounted;
        }
        activity.update(
                Arrays.stream(log).filter(t -> clock.roundOf(t) >= oldestCounted).toArray());
        return active;
    }

    /**
     * The product's decisions stop at {@code time} until its next activity, whose first decision
     * round is scheduled if that activity has already arrived.
     */
    void stop(long time, TimerService timers) throws Exception {
        long[] log = activity.value();
        long earliestFuture = Long.MAX_VALUE;
        for (long t : log == null ? new long[0] : log) {
            if (t > time) {
                earliestFuture = Math.min(earliestFuture, t);
            }
        }
        if (earliestFuture == Long.MAX_VALUE) {
            nextRound.clear();
        } else {
            long restart = clock.firstDecisionRoundAfter(earliestFuture);
            nextRound.update(restart);
            timers.registerEventTimeTimer(clock.decisionTime(restart));
        }
    }

    /** {@code round} is decided: the next one is due at its decision time. */
    void decided(long round, TimerService timers) throws Exception {
        nextRound.update(round + 1);
        timers.registerEventTimeTimer(clock.decisionTime(round + 1));
    }

    /** Adds an activity time, keeping one entry (the earliest) per round, sorted. */
    private void record(long time) throws Exception {
        long[] log = activity.value();
        if (log == null) {
            activity.update(new long[] {time});
            return;
        }
        long round = clock.roundOf(time);
        for (int i = 0; i < log.length; i++) {
            if (clock.roundOf(log[i]) == round) {
                if (time < log[i]) {
                    log[i] = time;
                    Arrays.sort(log);
                    activity.update(log);
                }
                return;
            }
        }
        long[] grown = Arrays.copyOf(log, log.length + 1);
        grown[log.length] = time;
        Arrays.sort(grown);
        activity.update(grown);
    }
}
