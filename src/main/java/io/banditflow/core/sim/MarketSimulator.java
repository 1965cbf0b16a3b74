package io.banditflow.core.sim;

import io.banditflow.core.event.Device;
import io.banditflow.core.event.EventType;
import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.util.Seeds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * Plays rounds of a {@link MarketScenario}: for each product and round, auctions against a hidden
 * highest competing bid (log-normal), impressions when the bid wins, clicks at the product's click
 * rate paying the competing bid (second price), and sparse conversions that arrive after a
 * log-normal delay of hours to days.
 *
 * <p>Randomness is drawn from (seed, product, round), so a product's round plays the same whatever
 * the other products bid. Conversions are returned in the round in which they happen, not the round
 * of their click, as a real feed would deliver them. Not thread-safe.
 */
public final class MarketSimulator implements Market {
    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);
    private static final long DEVICE_SALT = 0xDE71CEL;
    private static final Comparator<FeedbackEvent> BY_TIME =
            Comparator.comparingLong(FeedbackEvent::eventTime)
                    .thenComparing(FeedbackEvent::eventId);

    /** The bid a product plays in a round and the decision it came from (null if none). */
    public record Bid(double bid, String decisionId) {}

    private final MarketScenario scenario;
    private final long seed;
    private final PriorityQueue<FeedbackEvent> pendingConversions = new PriorityQueue<>(BY_TIME);

    private final AuctionMechanism mechanism;

    public MarketSimulator(MarketScenario scenario, long seed) {
        this(scenario, seed, AuctionMechanism.SECOND_PRICE);
    }

    /** A market whose won clicks cost what {@code mechanism} says. */
    public MarketSimulator(MarketScenario scenario, long seed, AuctionMechanism mechanism) {
        this.mechanism = mechanism;
        this.scenario = scenario;
        this.seed = seed;
    }

    @Override
    public MarketScenario scenario() {
        return scenario;
    }

    /**
     * Plays one round and returns its events in time order: the round's impressions and clicks, and
     * the conversions (of this or earlier rounds' clicks) that happen during it.
     *
     * @param bids the bid of each product; products without one do not take part in the round
     */
    @Override
    public List<FeedbackEvent> playRound(long round, Map<String, Bid> bids) {
        long start = scenario.clock().roundStart(round);
        long length = scenario.clock().roundMillis();
        List<FeedbackEvent> events = new ArrayList<>();
        for (SimProduct product : scenario.products()) {
            Bid bid = bids.get(product.id());
            if (bid != null) {
                playProduct(product, round, bid, start, length, events);
            }
        }
        long end = start + length;
        while (!pendingConversions.isEmpty() && pendingConversions.peek().eventTime() < end) {
            events.add(pendingConversions.poll());
        }
        events.sort(BY_TIME);
        return events;
    }

    /** What the market is like for one product in one round: the scenario's rates, drawn once. */
    private record RoundMarket(
            double logMedian, double conversionRate, double clickRate, double mobileShare) {}

    private void playProduct(
            SimProduct product,
            long round,
            Bid bid,
            long start,
            long length,
            List<FeedbackEvent> out) {
        SplittableRandom rng = new SplittableRandom(Seeds.of(seed, product.id(), round));
        RoundMarket market =
                new RoundMarket(
                        Math.log(scenario.competitorMedian(product, round)),
                        scenario.conversionRate(product, round),
                        scenario.clickRate(product, round),
                        scenario.mobileShare(product, round));
        long auctions = poisson(rng, scenario.auctionsPerRound(product, round));
        for (long a = 0; a < auctions; a++) {
            playAuction(product, round, a, bid, start, length, market, rng, out);
        }
    }

    /**
     * One auction of the round: lost to a higher competing bid, or an impression that may be
     * clicked, and a click that may convert later. The draws come in a fixed order from {@code
     * rng}, so the same seed plays the same market.
     */
    private void playAuction(
            SimProduct product,
            long round,
            long auction,
            Bid bid,
            long start,
            long length,
            RoundMarket market,
            SplittableRandom rng,
            List<FeedbackEvent> out) {
        double competing =
                Math.exp(market.logMedian() + product.competitorSpread() * rng.nextGaussian());
        if (bid.bid() <= competing) {
            return;
        }
        String prefix = product.id() + "-" + round + "-";
        long time = start + (long) (rng.nextDouble() * length);
        // the device comes from its own hash, so adding it left every other draw as it was
        Device device =
                Seeds.uniform(
                                        Seeds.of(
                                                seed ^ DEVICE_SALT,
                                                product.id(),
                                                round * 1_000_003 + auction))
                                < market.mobileShare()
                        ? Device.MOBILE
                        : Device.DESKTOP;
        out.add(
                new FeedbackEvent(
                        EventType.IMPRESSION,
                        "i-" + prefix + auction,
                        product.id(),
                        time,
                        time,
                        bid.bid(),
                        0,
                        0,
                        bid.decisionId(),
                        device));
        if (rng.nextDouble() >= market.clickRate()) {
            return;
        }
        long clickTime =
                Math.min(start + length - 1, time + 1 + (long) (rng.nextDouble() * 60_000));
        double cost = Math.round(mechanism.cost(bid.bid(), competing) * 100) / 100.0;
        out.add(
                FeedbackEvent.click(
                        "c-" + prefix + auction, product.id(), clickTime, cost, bid.decisionId()));
        if (rng.nextDouble() < market.conversionRate()) {
            pendingConversions.add(
                    conversion(product, "v-" + prefix + auction, clickTime, bid, rng));
        }
    }

    /** The sale of a click, after the scenario's delay, at a value around the product's. */
    private FeedbackEvent conversion(
            SimProduct product, String eventId, long clickTime, Bid bid, SplittableRandom rng) {
        double delayHours =
                scenario.delayMedianHours() * Math.exp(scenario.delaySigma() * rng.nextGaussian());
        long conversionTime = clickTime + 1 + (long) (delayHours * 3_600_000);
        double sigma = scenario.valueSigma();
        double value =
                product.valuePerConversion()
                        * Math.exp(sigma * rng.nextGaussian() - sigma * sigma / 2);
        return FeedbackEvent.conversion(
                eventId,
                product.id(),
                conversionTime,
                clickTime,
                Math.round(value * 100) / 100.0,
                bid.decisionId());
    }

    /**
     * Expected profit of a product's round at a bid, counting every conversion however late: the
     * business's true outcome, not the learner's attributed view. Closed form for a log-normal
     * competing bid C: P(win) = Φ((ln b − μ)/s), E[C; C < b] = e^(μ + s²/2) Φ((ln b − μ − s²)/s).
     */
    @Override
    public double expectedProfit(SimProduct product, long round, double bid) {
        return scenario.auctionsPerRound(product, round)
                * expectedProfitPerAuction(product, round, bid, 1, 1);
    }

    /** Expected spend (click costs) of a product's round at a bid. */
    public double expectedSpend(SimProduct product, long round, double bid) {
        double mu = Math.log(scenario.competitorMedian(product, round));
        double s = product.competitorSpread();
        double z = (Math.log(bid) - mu) / s;
        return scenario.auctionsPerRound(product, round)
                * scenario.clickRate(product, round)
                * mechanism.expectedCostIfWon(
                        bid,
                        STANDARD_NORMAL.cumulativeProbability(z),
                        Math.exp(mu + s * s / 2) * STANDARD_NORMAL.cumulativeProbability(z - s));
    }

    /**
     * Expected profit of one auction of a product's round at a bid, for a shopper who clicks and
     * buys {@code clickFactor} and {@code conversionFactor} times as often as the product's average
     * (a segment's behaviour).
     */
    public double expectedProfitPerAuction(
            SimProduct product,
            long round,
            double bid,
            double clickFactor,
            double conversionFactor) {
        double mu = Math.log(scenario.competitorMedian(product, round));
        double s = product.competitorSpread();
        double z = (Math.log(bid) - mu) / s;
        double winProbability = STANDARD_NORMAL.cumulativeProbability(z);
        double expectedCostIfWon =
                mechanism.expectedCostIfWon(
                        bid,
                        winProbability,
                        Math.exp(mu + s * s / 2) * STANDARD_NORMAL.cumulativeProbability(z - s));
        double valuePerClick =
                conversionFactor
                        * scenario.conversionRate(product, round)
                        * product.valuePerConversion();
        return clickFactor
                * scenario.clickRate(product, round)
                * (valuePerClick * winProbability - expectedCostIfWon);
    }

    /** A seeded draw of how many auctions a product has in a round (Poisson). */
    public static long auctions(SplittableRandom rng, double mean) {
        return poisson(rng, mean);
    }

    private static long poisson(SplittableRandom rng, double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 60) {
            return Math.max(0, Math.round(mean + Math.sqrt(mean) * rng.nextGaussian()));
        }
        double limit = Math.exp(-mean);
        double product = rng.nextDouble();
        long count = 0;
        while (product > limit) {
            product *= rng.nextDouble();
            count++;
        }
        return count;
    }
}
