package io.banditflow.study;

import io.banditflow.core.bid.BidGrid;
import io.banditflow.core.round.RoundClock;
import io.banditflow.core.sim.MarketSimulator;
import io.banditflow.core.sim.RequestSimulation;
import io.banditflow.core.sim.RequestSimulation.Segment;
import io.banditflow.core.sim.SimProduct;
import io.banditflow.harness.JobFiles;
import io.banditflow.harness.MarketOptions;
import io.banditflow.job.config.JobConfig;
import io.banditflow.ops.ToolArguments;
import io.banditflow.ops.ToolExit;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

/**
 * Requests mode's learners on the demo market in a closed loop, without Flink: every auction is a
 * request from a new, returning or loyal shopper, who click and buy at different rates, so the best
 * bid depends on who asks. Each learner is built from the requests job file with the job's own
 * code; the table compares the expected profit of its bids with the baseline bid, the best fixed
 * bid per product and the best bid per product and segment, all in hindsight.
 *
 * <pre>
 * mvn -q compile exec:exec@study -Dstudy.main=io.banditflow.study.RequestStudy \
 *     -Dstudy.args="--job jobs/sponsored-search-requests.yaml --days 14"
 * </pre>
 */
public final class RequestStudy {
    /** The options it reads: the market's ({@link MarketOptions}). */
    public static final List<String> OPTIONS = MarketOptions.NAMES;

    /** Shares and behaviour: loyal shoppers are few, click more and buy far more. */
    static final List<Segment> SEGMENTS =
            List.of(
                    new Segment("new", 0.5, 0.8, 0.4),
                    new Segment("returning", 0.35, 1.1, 1.2),
                    new Segment("loyal", 0.15, 1.5, 3.0));

    private static final List<String> ALGORITHMS =
            List.of("discounted-linucb", "exp3-ix", "epsilon-greedy");

    private RequestStudy() {}

    public static void main(String[] args) throws Exception {
        ToolExit.run("request study", () -> run(args));
    }

    private static void run(String[] args) throws IOException {
        MarketOptions market = MarketOptions.of(ToolArguments.parse(args, OPTIONS));
        String jobFile = Files.readString(market.job());
        JobConfig own = JobConfig.parse(jobFile);
        if (!own.requests().enabled()) {
            throw new IllegalArgumentException(market.job() + " has no requests section");
        }
        RoundClock clock = own.clock();
        long first = market.firstRound(clock);
        int rounds = market.days() * clock.periodsPerDay();
        MarketSimulator reference = market.simulator(clock);
        double[] bids = own.bidGrid();
        System.out.printf("%s, requests by segment: expected profit%n", market.describe());
        row(
                "baseline bid " + own.baselineBid(),
                fixed(reference, own.baselineBid(), first, rounds));
        row("best fixed bid per product (hindsight)", bestFixed(reference, bids, first, rounds));
        row(
                "best bid per product and segment (hindsight)",
                RequestSimulation.bestPerSegment(reference, bids, SEGMENTS, first, rounds));
        study(own.learner().algorithm() + " (job file)", own, market, first, rounds);
        for (String algorithm : ALGORITHMS) {
            study(algorithm, JobFiles.withAlgorithm(jobFile, algorithm), market, first, rounds);
        }
    }

    private static void study(
            String label, JobConfig config, MarketOptions market, long first, int rounds) {
        long started = System.nanoTime();
        RequestSimulation loop =
                new RequestSimulation(
                        market.simulator(config.clock()),
                        market.seed(),
                        config.policy(),
                        config.requestFeatures(),
                        config.contextFeatures(),
                        config.requestRewards(),
                        SEGMENTS);
        double week = loop.run(first, Math.min(rounds, 7 * config.clock().periodsPerDay()));
        double rest =
                rounds > 7 * config.clock().periodsPerDay()
                        ? loop.run(
                                first + 7L * config.clock().periodsPerDay(),
                                rounds - 7 * config.clock().periodsPerDay())
                        : 0;
        System.out.printf(
                "  %-46s %10.0f   first week %8.0f   %6.1f s%n",
                label, week + rest, week, (System.nanoTime() - started) / 1e9);
    }

    private static void row(String label, double value) {
        System.out.printf("  %-46s %10.0f%n", label, value);
    }

    private static double fixed(MarketSimulator market, double bid, long first, int rounds) {
        double total = 0;
        for (SimProduct product : market.scenario().products()) {
            total += RequestSimulation.fixedBid(market, product, bid, SEGMENTS, first, rounds);
        }
        return total;
    }

    private static double bestFixed(MarketSimulator market, double[] bids, long first, int rounds) {
        double total = 0;
        for (SimProduct product : market.scenario().products()) {
            double best = Double.NEGATIVE_INFINITY;
            for (double bid : new BidGrid(bids).bids()) {
                best =
                        Math.max(
                                best,
                                RequestSimulation.fixedBid(
                                        market, product, bid, SEGMENTS, first, rounds));
            }
            total += best;
        }
        return total;
    }
}
