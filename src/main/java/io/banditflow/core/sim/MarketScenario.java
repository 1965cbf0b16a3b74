package io.banditflow.core.sim;

import io.banditflow.core.round.RoundClock;
import io.banditflow.core.util.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The world a simulation runs in: products, the daily traffic curve, conversion delays and market
 * shifts. Everything is drawn from a seed, so a scenario is reproducible from its parameters.
 *
 * @param periodTraffic traffic of each period of the day relative to the busiest (max 1)
 * @param delayMedianHours median click-to-conversion delay (log-normal)
 * @param delaySigma log-scale spread of the delay: with the defaults some sales come days late, a
 *     few after the attribution window
 * @param valueSigma log-scale spread of a sale's value around its product's mean
 * @param periodClickFactor each period of the day's click rate relative to the product's
 * @param periodConversionFactor each period's conversion rate relative to the product's
 */
public record MarketScenario(
        List<SimProduct> products,
        double[] periodTraffic,
        List<MarketShift> shifts,
        double delayMedianHours,
        double delaySigma,
        double valueSigma,
        RoundClock clock,
        double[] periodClickFactor,
        double[] periodConversionFactor) {

    /** A market whose shoppers click and buy alike at every hour. */
    public MarketScenario(
            List<SimProduct> products,
            double[] periodTraffic,
            List<MarketShift> shifts,
            double delayMedianHours,
            double delaySigma,
            double valueSigma,
            RoundClock clock) {
        this(
                products,
                periodTraffic,
                shifts,
                delayMedianHours,
                delaySigma,
                valueSigma,
                clock,
                flat(clock.periodsPerDay()),
                flat(clock.periodsPerDay()));
    }

    private static double[] flat(int periods) {
        double[] ones = new double[periods];
        java.util.Arrays.fill(ones, 1);
        return ones;
    }

    /**
     * The same market with shoppers who behave by the hour: in the evening (peak at 21:00 UTC) they
     * click up to 25% more and buy up to 50% more than at night, and less around the morning; the
     * factors average 1 over the day, so a day's expected clicks and sales barely change while the
     * best bid moves with the hour. Opt-in: the drift measurements use the flat market.
     */
    public MarketScenario withDaytimeBehaviour() {
        int periods = clock.periodsPerDay();
        double[] clicks = new double[periods];
        double[] conversions = new double[periods];
        for (int h = 0; h < periods; h++) {
            double hour = (h + 0.5) * 24.0 / periods;
            double evening = Math.cos(2 * Math.PI * (hour - 21) / 24);
            clicks[h] = 1 + 0.25 * evening;
            conversions[h] = 1 + 0.5 * evening;
        }
        return new MarketScenario(
                products,
                periodTraffic,
                shifts,
                delayMedianHours,
                delaySigma,
                valueSigma,
                clock,
                clicks,
                conversions);
    }

    private static final String[] CATEGORIES = {"shoes", "shirts", "bags", "jackets"};
    private static final double BASE_MOBILE_SHARE = 0.3;

    /** A daily curve for 8 periods of 3 hours: quiet nights, a midday and an evening peak. */
    public static double[] defaultTraffic(int periodsPerDay) {
        double[] curve = new double[periodsPerDay];
        for (int h = 0; h < periodsPerDay; h++) {
            double hour = (h + 0.5) * 24.0 / periodsPerDay;
            double day = Math.exp(-Math.pow((hour - 13) / 4.0, 2));
            double evening = 0.9 * Math.exp(-Math.pow((hour - 20.5) / 2.5, 2));
            curve[h] = 0.08 + Math.max(day, evening);
        }
        double max = 0;
        for (double c : curve) {
            max = Math.max(max, c);
        }
        for (int h = 0; h < periodsPerDay; h++) {
            curve[h] /= max;
        }
        return curve;
    }

    /**
     * A marketplace of {@code count} products in four categories with sparse conversions (1.5% to
     * 7.5% of clicks, a few sales per product and day at most), values per click spread over the
     * bid grid, and one shift: from round {@code shiftRound} on (a round number of {@code clock},
     * not a day of the run), competitors in two categories bid 60% more.
     */
    public static MarketScenario marketplace(
            int count, long seed, RoundClock clock, long shiftRound) {
        List<SimProduct> products = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String id = String.format("p%04d", i);
            SplittableRandom rng = new SplittableRandom(Seeds.of(seed, id, -1));
            String category = CATEGORIES[i % CATEGORIES.length];
            double value = 5 * Math.exp(0.4 * rng.nextGaussian());
            double conversionRate = Math.exp(Math.log(0.015) + rng.nextDouble() * Math.log(5.0));
            double clickRate = 0.05 + 0.10 * rng.nextDouble();
            double peakAuctions = 50 * Math.exp(0.7 * rng.nextGaussian());
            double competitorMedian = 0.06 + 0.16 * rng.nextDouble();
            products.add(
                    new SimProduct(
                            id,
                            category,
                            value,
                            conversionRate,
                            clickRate,
                            peakAuctions,
                            competitorMedian,
                            0.5));
        }
        List<MarketShift> shifts =
                List.of(
                        MarketShift.competitorBids(shiftRound, "shoes", 1.6),
                        MarketShift.competitorBids(shiftRound, "bags", 1.6));
        return new MarketScenario(
                products, defaultTraffic(clock.periodsPerDay()), shifts, 10, 1.1, 0.3, clock);
    }

    /**
     * A marketplace whose categories differ and whose products within a category are alike, as
     * products of one category sell at similar prices against the same competitors: each category
     * has its own value per sale, conversion and click rates and competing bids, and each product
     * varies around them by about 10%, with its own traffic. No shifts. Products {@code p0000}..
     * are spread over the four categories in turn.
     */
    public static MarketScenario categories(int count, long seed, RoundClock clock) {
        List<SimProduct> products = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String id = String.format("p%04d", i);
            String category = CATEGORIES[i % CATEGORIES.length];
            SplittableRandom typical = new SplittableRandom(Seeds.of(seed, category, -1));
            double value = 5 * Math.exp(0.4 * typical.nextGaussian());
            double conversionRate =
                    Math.exp(Math.log(0.015) + typical.nextDouble() * Math.log(5.0));
            double clickRate = 0.05 + 0.10 * typical.nextDouble();
            double competitorMedian = 0.06 + 0.16 * typical.nextDouble();
            SplittableRandom rng = new SplittableRandom(Seeds.of(seed, id, -1));
            products.add(
                    new SimProduct(
                            id,
                            category,
                            value * Math.exp(0.1 * rng.nextGaussian()),
                            conversionRate * Math.exp(0.1 * rng.nextGaussian()),
                            clickRate * Math.exp(0.1 * rng.nextGaussian()),
                            50 * Math.exp(0.7 * rng.nextGaussian()),
                            competitorMedian * Math.exp(0.1 * rng.nextGaussian()),
                            0.5));
        }
        return new MarketScenario(
                products, defaultTraffic(clock.periodsPerDay()), List.of(), 10, 1.1, 0.3, clock);
    }

    public double competitorMedian(SimProduct product, long round) {
        return product.competitorMedian()
                * shifted(product, round, MarketShift::competitorBidFactor);
    }

    /** The product of the factors of the shifts in force for a product and round. */
    private double shifted(
            SimProduct product, long round, java.util.function.ToDoubleFunction<MarketShift> f) {
        double factor = 1;
        for (MarketShift shift : shifts) {
            if (shift.appliesTo(product, round)) {
                factor *= shift.inForce(f.applyAsDouble(shift), round);
            }
        }
        return factor;
    }

    /** Share of a product's impressions on mobile devices in a round; the rest are desktop. */
    public double mobileShare(SimProduct product, long round) {
        return Math.min(
                1, BASE_MOBILE_SHARE * shifted(product, round, MarketShift::mobileShareFactor));
    }

    public double clickRate(SimProduct product, long round) {
        return product.clickRate()
                * periodClickFactor[clock.periodOfDay(round)]
                * shifted(product, round, MarketShift::clickRateFactor);
    }

    /** The same products and traffic in another market history. */
    /** The same market with other products. */
    public MarketScenario withProducts(List<SimProduct> otherProducts) {
        return new MarketScenario(
                otherProducts,
                periodTraffic,
                shifts,
                delayMedianHours,
                delaySigma,
                valueSigma,
                clock,
                periodClickFactor,
                periodConversionFactor);
    }

    public MarketScenario withShifts(java.util.List<MarketShift> otherShifts) {
        return new MarketScenario(
                products,
                periodTraffic,
                otherShifts,
                delayMedianHours,
                delaySigma,
                valueSigma,
                clock,
                periodClickFactor,
                periodConversionFactor);
    }

    /** Each period's conversion rate relative to a product's, as the market draws them. */
    public double[] periodConversionFactors() {
        return periodConversionFactor.clone();
    }

    public double conversionRate(SimProduct product, long round) {
        return product.conversionRate()
                * periodConversionFactor[clock.periodOfDay(round)]
                * shifted(product, round, MarketShift::conversionRateFactor);
    }

    public double auctionsPerRound(SimProduct product, long round) {
        return product.peakAuctions() * periodTraffic[clock.periodOfDay(round)];
    }
}
