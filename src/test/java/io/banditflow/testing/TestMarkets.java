package io.banditflow.testing;

import io.banditflow.core.context.ContextFeatures;
import io.banditflow.core.policy.BidPolicy;
import io.banditflow.core.reward.TrafficProfile;
import io.banditflow.core.round.RoundClock;
import io.banditflow.core.sim.ClosedLoopSimulation;
import io.banditflow.core.sim.MarketScenario;
import io.banditflow.core.sim.MarketSimulator;
import io.banditflow.core.sim.SimProduct;
import java.time.Duration;
import java.util.List;

/**
 * The simulated markets of the core's closed-loop tests: the field's clock (3 h rounds, daily
 * batches, 2-day attribution, no lead) from 2025-03-01, and a stationary market of given products
 * with the default traffic curve and the marketplace's delays and value spread.
 */
public final class TestMarkets {
    public static final RoundClock CLOCK =
            new RoundClock(Duration.ofHours(3), 8, Duration.ofDays(2), Duration.ZERO);

    /**
     * The field's clock with a thirty-day attribution window whose batches mature {@code maturity}
     * after they end ({@code time.maturity}).
     */
    public static RoundClock monthWindow(Duration maturity) {
        return new RoundClock(Duration.ofHours(3), 8, Duration.ofDays(30), Duration.ZERO, maturity);
    }

    /** The round of 2025-03-01 00:00 UTC, where the closed-loop tests start. */
    public static final long FIRST_ROUND = CLOCK.roundOf(1_740_787_200_000L);

    private TestMarkets() {}

    /**
     * The closed loop of {@code policy} on {@code simulator}'s market, with the default traffic
     * profile (8 periods, 7 trailing days) and no context features.
     */
    public static ClosedLoopSimulation loop(MarketSimulator simulator, BidPolicy policy) {
        return new ClosedLoopSimulation(
                simulator,
                policy,
                new TrafficProfile(8, 7, 1.0),
                new ContextFeatures(List.of(), 0.1));
    }

    /** {@code products} in a market that never changes: sales a median 10 h after their click. */
    public static MarketScenario stationary(List<SimProduct> products) {
        return new MarketScenario(
                products, MarketScenario.defaultTraffic(8), List.of(), 10, 1.1, 0.3, CLOCK);
    }
}
