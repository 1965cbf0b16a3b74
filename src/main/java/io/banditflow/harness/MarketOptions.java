package io.banditflow.harness;

import io.banditflow.core.round.RoundClock;
import io.banditflow.core.sim.MarketScenario;
import io.banditflow.core.sim.MarketSimulator;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.ParameterTool;

/**
 * The simulated market's options, shared by the demo and the studies: {@code --job jobs/demo.yaml
 * --products 120 --days 30 --seed 42 --baseline-bid 0.15 --shift-day 15 --shift-ramp-days 0
 * --daytime false --start 2025-03-01T00:00:00Z} (through Maven: the demo's {@code -Ddemo.days=60}
 * and so on, a study's {@code -Dstudy.args="--days 60"}; pom.xml).
 *
 * @param shiftRampDays 0 for an abrupt market shift on {@code shiftDay}; more for one that comes in
 *     gradually over that many days
 * @param daytime whether shoppers click and buy more in the evening ({@link
 *     MarketScenario#withDaytimeBehaviour})
 */
public record MarketOptions(
        Path job,
        int products,
        int days,
        long seed,
        double baselineBid,
        int shiftDay,
        int shiftRampDays,
        boolean daytime,
        Instant start) {
    /** The options' names, as {@link #of} reads them. */
    public static final List<String> NAMES =
            List.of(
                    "job",
                    "products",
                    "days",
                    "seed",
                    "baseline-bid",
                    "shift-day",
                    "shift-ramp-days",
                    "daytime",
                    "start");

    /** These options and a tool's own {@code others}. */
    public static List<String> namesAnd(String... others) {
        List<String> names = new ArrayList<>(NAMES);
        names.addAll(List.of(others));
        return names;
    }

    public static MarketOptions of(ParameterTool params) {
        return new MarketOptions(
                Path.of(params.get("job", "jobs/demo.yaml")),
                params.getInt("products", 120),
                params.getInt("days", 30),
                params.getLong("seed", 42),
                params.getDouble("baseline-bid", 0.15),
                params.getInt("shift-day", 15),
                params.getInt("shift-ramp-days", 0),
                params.getBoolean("daytime", false),
                Instant.parse(params.get("start", "2025-03-01T00:00:00Z")));
    }

    /** The run's first round on {@code clock}. */
    public long firstRound(RoundClock clock) {
        return clock.roundOf(start.toEpochMilli());
    }

    /** The demo marketplace with these options, its rounds on {@code clock}. */
    public MarketScenario scenario(RoundClock clock) {
        long shiftRound = firstRound(clock) + (long) shiftDay * clock.periodsPerDay();
        MarketScenario market = MarketScenario.marketplace(products, seed, clock, shiftRound);
        if (shiftRampDays > 0) {
            long ramp = (long) shiftRampDays * clock.periodsPerDay();
            market =
                    market.withShifts(
                            market.shifts().stream().map(s -> s.gradually(ramp)).toList());
        }
        return daytime ? market.withDaytimeBehaviour() : market;
    }

    public MarketSimulator simulator(RoundClock clock) {
        return new MarketSimulator(scenario(clock), seed);
    }

    /** A one-line description of the market, for the reports. */
    public String describe() {
        String shift =
                shiftRampDays > 0
                        ? "a market shift from day " + shiftDay + " over " + shiftRampDays + " days"
                        : "a market shift on day " + shiftDay;
        return products
                + " products, "
                + days
                + " days, seed "
                + seed
                + ", "
                + shift
                + (daytime ? ", shoppers by the hour" : "");
    }
}
