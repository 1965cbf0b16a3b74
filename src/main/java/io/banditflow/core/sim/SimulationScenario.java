package io.banditflow.core.sim;

import io.banditflow.core.round.RoundClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The markets the simulate command runs learners in, each built from the seeded marketplace ({@link
 * MarketScenario#marketplace}) and a horizon: what policies meet in the field, one thing at a time.
 */
public enum SimulationScenario {
    STATIONARY("the same market all along"),
    SEASONAL(
            "shoppers click up to 25% and buy up to 50% more in the evening: the best bid moves"
                    + " with the hour"),
    SHIFT("halfway through, competitors in two of the four categories bid 60% more, at once"),
    DRIFT("the same change as shift, reached gradually over a week from halfway through"),
    SPARSE(
            "conversions five times rarer and five times larger: the same value per click, a few"
                    + " sales per product a week"),
    TAIL("a long tail: four products in five see a tenth of the traffic"),
    UPMARKET(
            "every price twice the marketplace's (a sale worth twice as much, competitors bidding"
                    + " twice as much): the best bids far above a start bid set for the"
                    + " marketplace"),
    DOWNMARKET(
            "every price half the marketplace's: the start bid above many products' value per"
                    + " click"),
    BUDGET(
            "one daily budget for all products, 70% of what the baseline bid spends: the learners"
                    + " paced by a dual variable, the baseline capped (the best fixed bids are not"
                    + " bound by it)");

    /** The budget scenario's daily budget, as a share of the baseline bid's expected spend. */
    public static final double BUDGET_SHARE = 0.7;

    private static final double SPARSE_FACTOR = 5;
    private static final double TAIL_TRAFFIC = 0.1;
    private static final int DRIFT_DAYS = 7;

    /**
     * How much higher (upmarket) or lower (downmarket) every price is than the marketplace's: far
     * enough that the start bid (the job files' 0.15, the grid's median) is several grid steps from
     * most products' best bids, which the other markets, whose best bids lie around it, do not show
     * (docs/learners.md, "A start bid far from the best").
     */
    private static final double PRICE_FACTOR = 2;

    private final String description;

    SimulationScenario(String description) {
        this.description = description;
    }

    /** The name the command takes: lower case. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String description() {
        return description;
    }

    public static SimulationScenario of(String id) {
        for (SimulationScenario scenario : values()) {
            if (scenario.id().equals(id)) {
                return scenario;
            }
        }
        throw new IllegalArgumentException(
                "no scenario "
                        + id
                        + "; there are "
                        + List.of(values()).stream().map(SimulationScenario::id).toList());
    }

    /**
     * The market of {@code products} products for a run of {@code days} days from {@code
     * firstRound} on {@code clock}.
     */
    public MarketScenario market(
            int products, long seed, RoundClock clock, long firstRound, int days) {
        long halfway = firstRound + (long) days / 2 * clock.periodsPerDay();
        MarketScenario market =
                MarketScenario.marketplace(
                        products,
                        seed,
                        clock,
                        this == SHIFT || this == DRIFT ? halfway : Long.MAX_VALUE);
        return switch (this) {
            case STATIONARY, SHIFT, BUDGET -> market;
            case SEASONAL -> market.withDaytimeBehaviour();
            case DRIFT -> {
                long ramp = (long) DRIFT_DAYS * clock.periodsPerDay();
                yield market.withShifts(
                        market.shifts().stream().map(s -> s.gradually(ramp)).toList());
            }
            case SPARSE ->
                    eachProduct(
                            market,
                            p ->
                                    new SimProduct(
                                            p.id(),
                                            p.category(),
                                            p.valuePerConversion() * SPARSE_FACTOR,
                                            p.conversionRate() / SPARSE_FACTOR,
                                            p.clickRate(),
                                            p.peakAuctions(),
                                            p.competitorMedian(),
                                            p.competitorSpread()));
            case UPMARKET -> eachProduct(market, p -> p.withPrices(PRICE_FACTOR));
            case DOWNMARKET -> eachProduct(market, p -> p.withPrices(1 / PRICE_FACTOR));
            case TAIL -> {
                List<SimProduct> tail = new ArrayList<>();
                for (int i = 0; i < market.products().size(); i++) {
                    SimProduct p = market.products().get(i);
                    tail.add(p.withTraffic(i % 5 == 0 ? 1 : TAIL_TRAFFIC));
                }
                yield market.withProducts(tail);
            }
        };
    }

    /** The market with every product changed by {@code change}, in the same order. */
    private static MarketScenario eachProduct(
            MarketScenario market, UnaryOperator<SimProduct> change) {
        return market.withProducts(market.products().stream().map(change).toList());
    }
}
