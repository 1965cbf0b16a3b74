package io.banditflow.study;

import io.banditflow.core.bid.BidGrid;
import io.banditflow.core.round.RoundClock;
import io.banditflow.core.sim.ClosedLoopSimulation;
import io.banditflow.core.sim.MarketScenario;
import io.banditflow.core.sim.MarketSimulator;
import io.banditflow.core.sim.SimProduct;
import io.banditflow.harness.JobFiles;
import io.banditflow.job.config.JobConfig;
import io.banditflow.ops.ToolArguments;
import io.banditflow.ops.ToolExit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.util.ParameterTool;

/**
 * Cold start, measured: on a market whose categories differ and whose products within a category
 * are alike ({@link MarketScenario#categories}), established products learn from day 0, then new
 * products launch on {@code --launch-day}; their first week of expected profit, started from
 * scratch and started from their category's pooled evidence (the job's {@code coldStart.pooling:
 * category}), for each learner, against the baseline bid and their best fixed bid in hindsight. The
 * table in docs/learners.md comes from here:
 *
 * <pre>
 * mvn -q compile exec:exec@study -Dstudy.main=io.banditflow.study.ColdStartStudy -Dstudy.args="--products 40"
 * </pre>
 *
 * <p>Options: {@code --job jobs/demo.yaml --products 40 --newcomers 8 --launch-day 14 --seeds 3
 * --half-life-days 14 --strength 48} (the last two unless the job file has a {@code coldStart}
 * section); {@code --learners job,linucb} for fewer rows ({@code job}: the job file's learner; all
 * five by default).
 */
public final class ColdStartStudy {
    /** The options it reads (its own market, not the demo's). */
    public static final List<String> OPTIONS =
            List.of(
                    "job",
                    "products",
                    "newcomers",
                    "launch-day",
                    "seeds",
                    "half-life-days",
                    "strength",
                    "learners");

    private static final List<String> ALGORITHMS =
            List.of("linucb", "linear-thompson", "beta-thompson", "epsilon-greedy");
    private static final int WEEK_DAYS = 7;

    private ColdStartStudy() {}

    /** What one run measured: the newcomers' first-week expected profit. */
    record FirstWeek(double scratch, double pooled, ReferenceProfits references) {}

    /**
     * The newcomers' first week on one seeded market, from scratch and pooled.
     *
     * @param config the job, with the cold start to use for the pooled run
     */
    static FirstWeek firstWeek(
            JobConfig config, int established, int newcomers, int launchDay, long seed) {
        RoundClock clock = config.clock();
        long launch = marketStart(config) + (long) launchDay * clock.periodsPerDay();
        int week = WEEK_DAYS * clock.periodsPerDay();
        MarketScenario market = MarketScenario.categories(established + newcomers, seed, clock);
        Set<String> newIds =
                market.products().stream()
                        .skip(established)
                        .map(SimProduct::id)
                        .collect(Collectors.toSet());
        double scratch = newcomersProfit(config, market, seed, newIds, launch, week, false);
        double pooled = newcomersProfit(config, market, seed, newIds, launch, week, true);
        ReferenceProfits references =
                ReferenceProfits.of(
                        new MarketSimulator(market, seed),
                        new BidGrid(config.bidGrid()),
                        launch,
                        week,
                        config.baselineBid(),
                        p -> newIds.contains(p.id()));
        return new FirstWeek(scratch, pooled, references);
    }

    private static double newcomersProfit(
            JobConfig config,
            MarketScenario market,
            long seed,
            Set<String> newIds,
            long launch,
            int week,
            boolean pooled) {
        ClosedLoopSimulation loop =
                new ClosedLoopSimulation(
                        new MarketSimulator(market, seed),
                        config.policy(),
                        config.trafficProfile(),
                        config.contextFeatures());
        if (pooled) {
            loop.poolingByCategory(config.categoryPooling());
        }
        newIds.forEach(id -> loop.launching(id, launch));
        int before = (int) (launch - marketStart(config));
        loop.run(marketStart(config), before + week);
        return newIds.stream().mapToDouble(loop::expectedProfit).sum();
    }

    private static long marketStart(JobConfig config) {
        return config.clock().roundOf(Instant.parse("2025-03-01T00:00:00Z").toEpochMilli());
    }

    public static void main(String[] args) throws Exception {
        ToolExit.run("cold-start study", () -> run(args));
    }

    private static void run(String[] args) throws IOException {
        ParameterTool params = ToolArguments.parse(args, OPTIONS);
        String jobFile = Files.readString(Path.of(params.get("job", "jobs/demo.yaml")));
        int products = params.getInt("products", 40);
        int newcomers = params.getInt("newcomers", 8);
        int launchDay = params.getInt("launch-day", 14);
        int seeds = params.getInt("seeds", 3);
        JobConfig own = JobConfig.parse(jobFile);
        JobConfig.ColdStart coldStart =
                own.coldStart().byCategory()
                        ? own.coldStart()
                        : new JobConfig.ColdStart(
                                true,
                                Duration.ofDays(params.getInt("half-life-days", 14)),
                                params.getDouble("strength", 48));
        System.out.printf(
                "%d established products, %d launched on day %d, first %d days, seeds 1..%d;"
                        + " pooling half-life %s, strength %.0f rounds%n",
                products,
                newcomers,
                launchDay,
                WEEK_DAYS,
                seeds,
                coldStart.halfLife(),
                coldStart.strength());
        System.out.printf(
                "  %-26s %10s %10s %10s %10s %10s%n",
                "learner", "scratch", "pooled", "gain", "baseline", "best fixed");
        List<String> learners =
                List.of(params.get("learners", "job," + String.join(",", ALGORITHMS)).split(","));
        if (learners.contains("job")) {
            report(
                    own.learner().algorithm() + " (job file)",
                    own,
                    coldStart,
                    products,
                    newcomers,
                    launchDay,
                    seeds);
        }
        for (String algorithm : ALGORITHMS.stream().filter(learners::contains).toList()) {
            report(
                    algorithm,
                    JobFiles.withAlgorithm(jobFile, algorithm),
                    coldStart,
                    products,
                    newcomers,
                    launchDay,
                    seeds);
        }
    }

    private static void report(
            String label,
            JobConfig config,
            JobConfig.ColdStart coldStart,
            int products,
            int newcomers,
            int launchDay,
            int seeds) {
        double scratch = 0;
        double pooled = 0;
        double baseline = 0;
        double best = 0;
        for (long seed = 1; seed <= seeds; seed++) {
            FirstWeek week =
                    firstWeek(
                            config.withColdStart(coldStart), products, newcomers, launchDay, seed);
            scratch += week.scratch();
            pooled += week.pooled();
            baseline += week.references().baseline();
            best += week.references().bestFixed();
        }
        System.out.printf(
                "  %-26s %10.0f %10.0f %+9.1f%% %10.0f %10.0f%n",
                label,
                scratch,
                pooled,
                100 * (pooled - scratch) / Math.abs(scratch),
                baseline,
                best);
    }
}
