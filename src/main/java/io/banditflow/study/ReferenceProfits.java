package io.banditflow.study;

import io.banditflow.core.bid.BidGrid;
import io.banditflow.core.sim.MarketSimulator;
import io.banditflow.core.sim.SimProduct;
import java.util.function.Predicate;

/**
 * The expected profit of the policies a learner is judged against, over the same rounds of a
 * simulated market: the baseline bid, the uniform policy over the grid, and the best fixed bid per
 * product in hindsight, over {@code rounds} rounds.
 */
record ReferenceProfits(double baseline, double uniform, double bestFixed, int rounds) {
    static ReferenceProfits of(
            MarketSimulator market, BidGrid grid, long first, int rounds, double baselineBid) {
        return of(market, grid, first, rounds, baselineBid, product -> true);
    }

    /** The references over the products {@code included} accepts. */
    static ReferenceProfits of(
            MarketSimulator market,
            BidGrid grid,
            long first,
            int rounds,
            double baselineBid,
            Predicate<SimProduct> included) {
        double baseline = 0;
        double uniform = 0;
        double bestFixed = 0;
        for (SimProduct p : market.scenario().products()) {
            if (!included.test(p)) {
                continue;
            }
            double[] fixed = new double[grid.size()];
            for (long r = first; r < first + rounds; r++) {
                baseline += market.expectedProfit(p, r, baselineBid);
                for (int a = 0; a < grid.size(); a++) {
                    fixed[a] += market.expectedProfit(p, r, grid.bid(a));
                }
            }
            double best = Double.NEGATIVE_INFINITY;
            for (double f : fixed) {
                uniform += f / grid.size();
                best = Math.max(best, f);
            }
            bestFixed += best;
        }
        return new ReferenceProfits(baseline, uniform, bestFixed, rounds);
    }
}
