package io.banditflow.study;

import io.banditflow.core.bid.BidGrid;
import io.banditflow.core.context.ContextFeatures;
import io.banditflow.core.policy.BatchExp3;
import io.banditflow.core.policy.BidPolicy;
import io.banditflow.core.policy.BidPrior;
import io.banditflow.core.policy.Exp3Parameters;
import io.banditflow.core.reward.RewardNormaliser;
import io.banditflow.core.reward.TrafficProfile;
import io.banditflow.core.round.RoundClock;
import io.banditflow.core.sim.ClosedLoopSimulation;
import io.banditflow.core.sim.MarketSimulator;
import io.banditflow.harness.MarketOptions;
import io.banditflow.ops.ToolArguments;
import io.banditflow.ops.ToolExit;
import java.time.Duration;
import java.util.List;

/**
 * Batch EXP3 settings side by side on the demo's market, without Flink (the same core classes,
 * {@link ClosedLoopSimulation}): expected profit of each setting against the baseline bid, the
 * uniform policy and the best fixed bid per product in hindsight. The numbers in docs/learners.md
 * come from here:
 *
 * <pre>
 * mvn -q compile exec:exec@study -Dstudy.main=io.banditflow.study.MarketStudy -Dstudy.args="--days 30"
 * </pre>
 *
 * <p>It takes the demo's options ({@code --products --days --seed --baseline-bid}).
 */
public final class MarketStudy {
    /** The options it reads: the market's ({@link MarketOptions}). */
    public static final List<String> OPTIONS = MarketOptions.NAMES;

    private MarketStudy() {}

    public static void main(String[] args) throws Exception {
        ToolExit.run("market study", () -> run(args));
    }

    private static void run(String[] args) {
        MarketOptions market = MarketOptions.of(ToolArguments.parse(args, OPTIONS));
        int days = market.days();
        double baselineBid = market.baselineBid();
        RoundClock clock =
                new RoundClock(Duration.ofHours(3), 8, Duration.ofDays(2), Duration.ZERO);
        long first = market.firstRound(clock);
        int rounds = days * clock.periodsPerDay();
        BidGrid grid = BidGrid.sponsoredSearchDefault();

        ReferenceProfits references =
                ReferenceProfits.of(market.simulator(clock), grid, first, rounds, baselineBid);
        double baseline = references.baseline();
        System.out.printf("%s: expected profit%n", market.describe());
        System.out.printf("  %-62s %10.0f%n", "baseline fixed bid " + baselineBid, baseline);
        System.out.printf("  %-62s %10.0f%n", "uniform over the grid", references.uniform());
        System.out.printf(
                "  %-62s %10.0f%n",
                "best fixed bid per product, in hindsight", references.bestFixed());
        for (double eta : new double[] {0.03, 0.1}) {
            for (double ix : new double[] {0, 0.02}) {
                for (double[] quantiles : new double[][] {{0.05, 0.95}, {0, 1}}) {
                    for (double kappa : new double[] {0, 4}) {
                        MarketSimulator simulator = market.simulator(clock);
                        BidPolicy policy =
                                new BidPolicy(
                                        "study",
                                        grid,
                                        new BatchExp3(
                                                grid.size(),
                                                new Exp3Parameters(eta, 0.05, ix),
                                                kappa == 0
                                                        ? null
                                                        : new BidPrior(baselineBid, kappa)
                                                                .initialScores(grid, eta)),
                                        new RewardNormaliser(
                                                quantiles[0], quantiles[1], -1, 5, 24, 112),
                                        1);
                        double learned =
                                new ClosedLoopSimulation(
                                                simulator,
                                                policy,
                                                new TrafficProfile(8, 7, 0.05),
                                                new ContextFeatures(List.of(), baselineBid))
                                        .run(first, rounds);
                        String label =
                                String.format(
                                        "eta %.2f, gammaIX %.2f, quantiles %.2f-%.2f, prior kappa %.0f",
                                        eta, ix, quantiles[0], quantiles[1], kappa);
                        System.out.printf(
                                "  %-62s %10.0f  (%+.0f%% vs baseline)%n",
                                label, learned, 100 * (learned - baseline) / baseline);
                    }
                }
            }
        }
    }
}
