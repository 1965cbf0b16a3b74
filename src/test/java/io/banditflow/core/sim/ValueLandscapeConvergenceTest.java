package io.banditflow.core.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.bid.BidGrid;
import io.banditflow.core.policy.BidPolicy;
import io.banditflow.core.policy.ValueLandscape;
import io.banditflow.core.reward.RewardNormaliser;
import io.banditflow.testing.TestMarkets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The value-landscape learner in the closed loop on one stationary product, under each auction
 * mechanism, eight alike products started at a bid below the best (their value pooled): within 30
 * days they earn at least 70% of the best fixed bid's expected profit over the whole run (the first
 * days included), and the bids they end believing best are worth on average at least 85% of the
 * best (the profit curve is flat near its top, so the grid step next to it may be as good; a count
 * of products above a cut-off instead flipped with one product's 88% against 90%). Measured over
 * market seeds 5 to 11 (2026-12-05): the believed share ranged 92–97% (second price), 89–99% (first
 * price) and 95–98% (the hybrid); it was 86–98%, 88–100% and 94–98% before never-played bids'
 * priors were scaled by the bid and bids up to value's lower bound were opened, which raised the
 * earned share under second price from 76–83% to 78–89% (docs/learners.md). With the landscape
 * learned when rounds end (2026-12-06, same seeds): earned 79–92%, 83–88%, 84–91%, believed 91–99%,
 * 88–99%, 91–100%; at `spread` 0.35 earned 69–83%, 74–86%, 69–85%, which is why the default stays
 * 0.5 (docs/learners.md). With the cost draws bounded by the bid (later on 2026-12-06,
 * `BidLandscape.boundedCostConcentration`): earned 76–87%, 79–84%, 77–84%, believed 86–99%, 85–94%,
 * 86–97% — this market, started two to four grid steps below its best bid with every product alike,
 * climbs more slowly without the Gamma's extra spread of cost, where `simulate`'s markets, the
 * upmarket one started as far below included, earn as much or more (docs/learners.md, "A click's
 * cost is bounded by its bid"); hence at least 85% believed, not 88%. Each product: value per click
 * 0.20, competing bids around 0.12 (log-normal, spread 0.5), 400 auctions at the daily peak — about
 * 25 clicks and one sale a day at the best bid. Its best bid is 0.21 under second price, 0.13 under
 * first price.
 */
class ValueLandscapeConvergenceTest {
    private static final BidGrid GRID = BidGrid.sponsoredSearchDefault();
    private static final int DAYS = 30;
    private static final int PRODUCTS = 8;

    @ParameterizedTest(name = "{0}, market seed {1}")
    @CsvSource({
        "SECOND_PRICE, 5", "SECOND_PRICE, 6", "SECOND_PRICE, 7",
        "FIRST_PRICE, 5", "FIRST_PRICE, 6", "FIRST_PRICE, 7",
        "HYBRID, 5", "HYBRID, 6", "HYBRID, 7"
    })
    void shouldEarnMostOfTheBestFixedBidUnderEveryMechanism(AuctionMechanism mechanism, long seed) {
        Run run = run(mechanism, seed, 0.09);
        assertTrue(run.earned >= 0.7, () -> "earned " + run.earned + " of the best");
        assertTrue(
                run.believed >= 0.85,
                () -> "the bids believed best are worth " + run.believed + " of the best");
    }

    /**
     * Started at 0.30 under first price, above value per click (0.20; best bid 0.13): every click
     * of the start bid loses money. Once the start bid's batch is final and its clicks cost more
     * than v's upper bound, the bids down to v's lower bound open, instead of one grid step per
     * update. Measured over market seeds 5 to 11 (2026-12-06), earned share of best fixed over the
     * 30 days: 52.7–55.1% stepping down, 57.4–71.4% with the bids opened; the bids believed best at
     * day 30 are worth 94–99% either way.
     */
    @ParameterizedTest(name = "market seed {0}")
    @CsvSource({"5", "6", "7"})
    void shouldLeaveAStartBidAboveValueQuicklyUnderFirstPrice(long seed) {
        Run run = run(AuctionMechanism.FIRST_PRICE, seed, 0.30);
        assertTrue(run.earned >= 0.57, () -> "earned " + run.earned + " of the best");
    }

    /**
     * Shares of the best fixed bid's expected profit: earned over the run, and believed at its end.
     */
    private record Run(double earned, double believed) {}

    private static Run run(AuctionMechanism mechanism, long seed, double startBid) {
        List<SimProduct> products = new ArrayList<>();
        for (int i = 0; i < PRODUCTS; i++) {
            products.add(new SimProduct("p" + i, "shoes", 5.0, 0.04, 0.1, 400, 0.12, 0.5));
        }
        MarketScenario scenario = TestMarkets.stationary(products);
        MarketSimulator simulator = new MarketSimulator(scenario, seed, mechanism);
        int rounds = DAYS * TestMarkets.CLOCK.periodsPerDay();
        double[] fixed = new double[GRID.size()];
        int bestArm = 0;
        for (int arm = 0; arm < GRID.size(); arm++) {
            for (long r = TestMarkets.FIRST_ROUND; r < TestMarkets.FIRST_ROUND + rounds; r++) {
                fixed[arm] +=
                        PRODUCTS * simulator.expectedProfit(products.get(0), r, GRID.bid(arm));
            }
            bestArm = fixed[arm] > fixed[bestArm] ? arm : bestArm;
        }
        ValueLandscape learner =
                ValueLandscape.of(GRID, Map.of("prior.bid", startBid, "valueWhenOpen", 0.0));
        BidPolicy policy =
                new BidPolicy(
                        "t", GRID, learner, new RewardNormaliser(0.05, 0.95, -1, 5, 24, 112), 1);
        ClosedLoopSimulation loop = TestMarkets.loop(simulator, policy);
        loop.run(TestMarkets.FIRST_ROUND, rounds);
        double earned = 0;
        double believed = 0;
        for (SimProduct product : products) {
            earned += loop.expectedProfit(product.id());
            int arm = learner.bestArm(loop.state(product.id()), null, 0, GRID.size() - 1);
            believed += fixed[arm] / fixed[bestArm] / PRODUCTS;
        }
        return new Run(earned / fixed[bestArm], believed);
    }
}
