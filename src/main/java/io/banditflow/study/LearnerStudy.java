package io.banditflow.study;

import io.banditflow.core.bid.BidGrid;
import io.banditflow.core.round.RoundClock;
import io.banditflow.core.sim.ClosedLoopSimulation;
import io.banditflow.harness.JobFiles;
import io.banditflow.harness.MarketOptions;
import io.banditflow.harness.Simulate;
import io.banditflow.job.config.JobConfig;
import io.banditflow.ops.ToolArguments;
import io.banditflow.ops.ToolExit;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

/**
 * Every learner of the job file side by side on the demo's market, without Flink: the job file's
 * own learner, then each other learning algorithm with its default parameters (the baseline is the
 * reference row), built by the job file's own code ({@link JobConfig#policy}) and run in the core's
 * closed loop ({@link ClosedLoopSimulation}) with the job's clock, reward normalisation and
 * context. Expected profit before and after the market shift, against the baseline bid and the best
 * fixed bid per product in hindsight. The table in docs/learners.md comes from here:
 *
 * <pre>mvn -q compile exec:exec@study -Dstudy.main=io.banditflow.study.LearnerStudy</pre>
 *
 * <p>It takes the demo's options ({@code --job --products --days --seed --baseline-bid
 * --shift-ramp-days --daytime --shift-day}).
 */
public final class LearnerStudy {
    /** The options it reads: the market's ({@link MarketOptions}). */
    public static final List<String> OPTIONS = MarketOptions.NAMES;

    private LearnerStudy() {}

    public static void main(String[] args) throws Exception {
        ToolExit.run("learner study", () -> run(args));
    }

    private static void run(String[] args) throws IOException {
        MarketOptions market = MarketOptions.of(ToolArguments.parse(args, OPTIONS));
        String jobFile = Files.readString(market.job());
        int days = market.days();
        double baselineBid = market.baselineBid();
        int shiftDay = Math.min(market.shiftDay(), days);
        if (!jobFile.contains("\nbaseline:")) {
            jobFile += "baseline:\n  bid: " + baselineBid + "\n";
        }
        JobConfig own = JobConfig.parse(jobFile);
        RoundClock clock = own.clock();
        long first = market.firstRound(clock);
        int before = shiftDay * clock.periodsPerDay();
        int after = (days - shiftDay) * clock.periodsPerDay();
        ReferenceProfits references =
                ReferenceProfits.of(
                        market.simulator(clock),
                        new BidGrid(own.bidGrid()),
                        first,
                        before + after,
                        own.baselineBid());
        System.out.printf("%s: expected profit%n", market.describe());
        System.out.printf(
                "  %-34s %10.0f%n", "baseline bid " + own.baselineBid(), references.baseline());
        System.out.printf(
                "  %-34s %10.0f%n",
                "best fixed bid per product (hindsight)", references.bestFixed());
        System.out.printf(
                "  %-34s %10s %10s %10s %9s %8s%n",
                "learner", "total", "to shift", "after", "vs base", "seconds");
        study(own.learner().algorithm() + " (job file)", own, references, market, shiftDay);
        for (String algorithm : Simulate.ALGORITHMS) {
            if (algorithm.equals(own.learner().algorithm())) {
                continue;
            }
            study(
                    algorithm,
                    JobFiles.withAlgorithm(jobFile, algorithm),
                    references,
                    market,
                    shiftDay);
        }
    }

    private static void study(
            String label,
            JobConfig config,
            ReferenceProfits references,
            MarketOptions market,
            int shiftDay) {
        RoundClock clock = config.clock();
        long first = market.firstRound(clock);
        int before = shiftDay * clock.periodsPerDay();
        int total = references.rounds();
        long started = System.nanoTime();
        ClosedLoopSimulation loop =
                new ClosedLoopSimulation(
                        market.simulator(clock),
                        config.policy(),
                        config.trafficProfile(),
                        config.contextFeatures());
        double toShift = loop.run(first, before);
        double all = loop.run(first + before, total - before);
        System.out.printf(
                "  %-34s %10.0f %10.0f %10.0f %+8.1f%% %8.1f%n",
                label,
                all,
                toShift,
                all - toShift,
                100 * (all - references.baseline()) / Math.abs(references.baseline()),
                (System.nanoTime() - started) / 1e9);
    }
}
