package io.banditflow.core.sim;

import io.banditflow.core.context.ContextFeatures;
import io.banditflow.core.context.RequestFeatures;
import io.banditflow.core.event.DecisionRequest;
import io.banditflow.core.event.Device;
import io.banditflow.core.policy.BidPolicy;
import io.banditflow.core.policy.Decision;
import io.banditflow.core.policy.DecisionSlot;
import io.banditflow.core.policy.PlayedRound;
import io.banditflow.core.policy.PolicyState;
import io.banditflow.core.request.RequestRewards;
import io.banditflow.core.round.RoundClock;
import io.banditflow.core.util.Seeds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Requests mode in a closed loop, without Flink: every auction of the market is a decision request
 * from a shopper of some segment, answered by the policy from the product's state with the
 * request's context ({@link RequestFeatures}), and learned from once its round is final, as the
 * policy operator does. Segments differ in how often they click and buy, so the best bid depends on
 * who asks; the round part of the context carries only time (no traffic history is kept).
 *
 * <p>Returns the expected profit of the bids played, summed over requests (the business's true
 * outcome, not the sampled one), so learners compare without sampling noise.
 */
public final class RequestSimulation {
    /** Shoppers of one kind: their share of requests and how they click and buy. */
    public record Segment(String name, double share, double clickFactor, double conversionFactor) {}

    private final MarketSimulator market;
    private final long seed;
    private final BidPolicy policy;
    private final RequestFeatures features;
    private final ContextFeatures roundContext;
    private final RequestRewards rewards;
    private final List<Segment> segments;
    private final RoundClock clock;
    private final Map<String, PolicyState> states = new HashMap<>();

    /** Round → product → what was played and its reward, until the round is final. */
    private final Map<Long, Map<String, Played>> open = new HashMap<>();

    private record Played(List<PlayedRound> rounds, List<Double> rewards) {}

    public RequestSimulation(
            MarketSimulator market,
            long seed,
            BidPolicy policy,
            RequestFeatures features,
            ContextFeatures roundContext,
            RequestRewards rewards,
            List<Segment> segments) {
        this.market = market;
        this.seed = seed;
        this.policy = policy;
        this.features = features;
        this.roundContext = roundContext;
        this.rewards = rewards;
        this.segments = List.copyOf(segments);
        this.clock = market.scenario().clock();
    }

    /** Plays {@code count} rounds from {@code first}; returns their expected profit. */
    public double run(long first, int count) {
        double expected = 0;
        for (long round = first; round < first + count; round++) {
            learnFromRoundsFinalBy(clock.roundStart(round));
            for (SimProduct product : market.scenario().products()) {
                expected += playProduct(product, round);
            }
        }
        return expected;
    }

    private double playProduct(SimProduct product, long round) {
        MarketScenario scenario = market.scenario();
        SplittableRandom rng =
                new SplittableRandom(Seeds.of(seed, product.id() + "/requests", round));
        PolicyState state = states.computeIfAbsent(product.id(), id -> policy.newState());
        long auctions = MarketSimulator.auctions(rng, scenario.auctionsPerRound(product, round));
        double competitorLogMedian = Math.log(scenario.competitorMedian(product, round));
        Played played =
                open.computeIfAbsent(round, r -> new HashMap<>())
                        .computeIfAbsent(
                                product.id(),
                                id -> new Played(new ArrayList<>(), new ArrayList<>()));
        double expected = 0;
        for (long a = 0; a < auctions; a++) {
            Segment segment = segment(rng.nextDouble());
            Decision decision = answer(product, round, a, segment, state, rng);
            double bid = decision.bid();
            expected +=
                    market.expectedProfitPerAuction(
                            product, round, bid, segment.clickFactor(), segment.conversionFactor());
            double profit = profit(product, round, bid, segment, competitorLogMedian, rng);
            played.rounds().add(policy.played(decision));
            played.rewards().add(rewards.reward(profit));
        }
        return expected;
    }

    /**
     * The policy's answer to the round's {@code a}-th request, from a shopper of {@code segment}.
     */
    private Decision answer(
            SimProduct product,
            long round,
            long a,
            Segment segment,
            PolicyState state,
            SplittableRandom rng) {
        long start = clock.roundStart(round);
        long end = clock.roundEnd(round);
        long time = start + (long) (rng.nextDouble() * (end - start));
        Device device =
                rng.nextDouble() < market.scenario().mobileShare(product, round)
                        ? Device.MOBILE
                        : Device.DESKTOP;
        String requestId = round + "-" + a;
        DecisionRequest request =
                new DecisionRequest(
                        requestId,
                        product.id(),
                        time,
                        segment.name(),
                        device,
                        new String[0],
                        new double[0]);
        double[] context = features.of(roundContext.of(time, time, List.of(), null, null), request);
        return policy.decide(
                DecisionSlot.request(product.id(), requestId, round, start, end, time),
                state,
                context);
    }

    /**
     * A request's realised profit at {@code bid}: minus the cost of a click won, plus the sale's
     * value when it comes within the attribution window.
     */
    private double profit(
            SimProduct product,
            long round,
            double bid,
            Segment segment,
            double competitorLogMedian,
            SplittableRandom rng) {
        MarketScenario scenario = market.scenario();
        double competing =
                Math.exp(competitorLogMedian + product.competitorSpread() * rng.nextGaussian());
        if (!(bid > competing
                && rng.nextDouble() < segment.clickFactor() * scenario.clickRate(product, round))) {
            return 0;
        }
        double profit = 0;
        profit -= Math.round(competing * 100) / 100.0;
        double conversion = segment.conversionFactor() * scenario.conversionRate(product, round);
        double delayMillis =
                scenario.delayMedianHours()
                        * Math.exp(scenario.delaySigma() * rng.nextGaussian())
                        * 3_600_000;
        if (rng.nextDouble() < conversion && delayMillis <= clock.attributionMillis()) {
            profit += product.valuePerConversion();
        }
        return profit;
    }

    private Segment segment(double u) {
        double cumulative = 0;
        for (Segment segment : segments) {
            cumulative += segment.share();
            if (u < cumulative) {
                return segment;
            }
        }
        return segments.get(segments.size() - 1);
    }

    /** Applies the update of every round whose feedback is final by {@code time}. */
    private void learnFromRoundsFinalBy(long time) {
        List<Long> done = new ArrayList<>();
        for (Long round : open.keySet()) {
            if (clock.roundFinalTime(round) <= time) {
                done.add(round);
            }
        }
        done.sort(Long::compare);
        for (Long round : done) {
            for (Map.Entry<String, Played> entry : open.remove(round).entrySet()) {
                Played p = entry.getValue();
                if (!p.rounds().isEmpty()) {
                    policy.applyRewards(
                            states.get(entry.getKey()),
                            p.rounds(),
                            p.rewards().stream().mapToDouble(Double::doubleValue).toArray(),
                            clock.roundFinalTime(round));
                }
            }
        }
    }

    /** The expected profit of a product's requests over some rounds at one fixed bid. */
    public static double fixedBid(
            MarketSimulator market,
            SimProduct product,
            double bid,
            List<Segment> segments,
            long first,
            int count) {
        double total = 0;
        for (Segment segment : segments) {
            total += fixedBid(market, product, bid, segment, first, count);
        }
        return total;
    }

    private static double fixedBid(
            MarketSimulator market,
            SimProduct product,
            double bid,
            Segment segment,
            long first,
            int count) {
        double sum = 0;
        for (long round = first; round < first + count; round++) {
            sum +=
                    market.scenario().auctionsPerRound(product, round)
                            * segment.share()
                            * market.expectedProfitPerAuction(
                                    product,
                                    round,
                                    bid,
                                    segment.clickFactor(),
                                    segment.conversionFactor());
        }
        return sum;
    }

    /**
     * The expected profit of the same requests at one fixed bid per product and segment, the best
     * in hindsight: the ceiling a learner that tells segments apart could reach.
     */
    public static double bestPerSegment(
            MarketSimulator market, double[] bids, List<Segment> segments, long first, int count) {
        double total = 0;
        for (SimProduct product : market.scenario().products()) {
            for (Segment segment : segments) {
                double best = Double.NEGATIVE_INFINITY;
                for (double bid : bids) {
                    best = Math.max(best, fixedBid(market, product, bid, segment, first, count));
                }
                total += best;
            }
        }
        return total;
    }
}
