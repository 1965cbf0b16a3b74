package io.banditflow.bench;

import io.banditflow.core.guard.SpendThrottle;
import io.banditflow.core.round.RoundClock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The global spend throttle's share for one decision (docs/drift.md, "Daily spend caps"): every
 * share of the day is computed again from two days of spend per round, so its cost grows with the
 * rounds of a day. The worst case: the day's last round, decided 10 minutes before it starts, under
 * a cap that binds from the middle of the day.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class SpendThrottleBenchmark {
    /** Rounds a day: 3-hour, 1-hour and 15-minute rounds. */
    @Param({"8", "24", "96"})
    public int roundsPerDay;

    private SpendThrottle throttle;
    private RoundClock clock;
    private Map<Long, Double> spendByRound;
    private long decided;

    @Setup
    public void setUp() {
        clock =
                new RoundClock(
                        Duration.ofMinutes(24 * 60 / roundsPerDay),
                        roundsPerDay,
                        Duration.ofDays(2),
                        Duration.ofMinutes(10));
        long firstOfDay = 20_000L * roundsPerDay;
        decided = firstOfDay + roundsPerDay - 1;
        spendByRound = new HashMap<>();
        for (long r = firstOfDay - roundsPerDay; r < decided - 1; r++) {
            spendByRound.put(r, 1.0 + (r % 7));
        }
        // a day spends about 4.5 a round: the cap binds from about the middle of the day
        throttle = new SpendThrottle(clock, 2.5 * roundsPerDay);
    }

    @Benchmark
    public double lastRoundsShare() {
        return throttle.bidShare(spendByRound, decided, clock.decisionTime(decided));
    }
}
