package io.banditflow.benchmark;

import io.banditflow.core.event.EventJson;
import io.banditflow.core.event.EventParser;
import io.banditflow.core.event.EventType;
import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.event.ParseResult;
import io.banditflow.core.round.RoundClock;
import io.banditflow.core.sim.Market;
import io.banditflow.core.sim.MarketScenario;
import io.banditflow.core.sim.MarketSimulator;
import io.banditflow.core.sim.SimProduct;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The feed a seeded marketplace sends over some days while every product bids one bid, recorded
 * round by round as the JSON records the job reads from Kafka. Replayed as a {@link Market}, each
 * record is parsed and validated as the job's sources do, whatever bids are played: a benchmark's
 * fixed workload, the same for the job and for the core alone.
 */
public final class RecordedFeed implements Market {
    /** A record of an event topic: the event's type (its topic), its key and its JSON. */
    public record Record(EventType type, String productId, String json) {}

    private final MarketScenario scenario;
    private final long firstRound;
    private final List<List<Record>> rounds;
    private final EventParser parser =
            new EventParser(Long.MAX_VALUE / 2, System::currentTimeMillis);

    private RecordedFeed(MarketScenario scenario, long firstRound, List<List<Record>> rounds) {
        this.scenario = scenario;
        this.firstRound = firstRound;
        this.rounds = rounds;
    }

    /**
     * Records {@code days} days from {@code firstRound} of a marketplace of {@code products}
     * products (no shift) bidding {@code bid}, its traffic scaled so that a product sends about
     * {@code eventsPerProductDay} events a day.
     */
    public static RecordedFeed record(
            RoundClock clock,
            int products,
            int days,
            double eventsPerProductDay,
            double bid,
            long seed,
            long firstRound) {
        MarketScenario market = MarketScenario.marketplace(products, seed, clock, Long.MAX_VALUE);
        double scale = eventsPerProductDay / eventsPerProductDay(market, bid, seed, firstRound);
        MarketScenario scaled =
                market.withProducts(
                        market.products().stream().map(p -> p.withTraffic(scale)).toList());
        MarketSimulator simulator = new MarketSimulator(scaled, seed);
        Map<String, MarketSimulator.Bid> bids = bids(scaled, bid);
        List<List<Record>> rounds = new ArrayList<>();
        for (long round = firstRound;
                round < firstRound + (long) days * clock.periodsPerDay();
                round++) {
            List<Record> records = new ArrayList<>();
            for (FeedbackEvent event : simulator.playRound(round, bids)) {
                records.add(new Record(event.type(), event.productId(), EventJson.write(event)));
            }
            rounds.add(records);
        }
        return new RecordedFeed(scaled, firstRound, rounds);
    }

    /** Events a product sends in a day at scale 1, measured on (up to) the first 200 products. */
    private static double eventsPerProductDay(
            MarketScenario market, double bid, long seed, long firstRound) {
        MarketScenario pilot =
                market.withProducts(
                        market.products().subList(0, Math.min(200, market.products().size())));
        MarketSimulator simulator = new MarketSimulator(pilot, seed);
        Map<String, MarketSimulator.Bid> bids = bids(pilot, bid);
        long events = 0;
        int perDay = market.clock().periodsPerDay();
        for (long round = firstRound; round < firstRound + perDay; round++) {
            events += simulator.playRound(round, bids).size();
        }
        return (double) events / pilot.products().size();
    }

    private static Map<String, MarketSimulator.Bid> bids(MarketScenario market, double bid) {
        Map<String, MarketSimulator.Bid> bids = new HashMap<>();
        for (SimProduct product : market.products()) {
            bids.put(product.id(), new MarketSimulator.Bid(bid, null));
        }
        return bids;
    }

    /** The round the feed starts with. */
    public long firstRound() {
        return firstRound;
    }

    /** Every record, round by round. */
    public List<List<Record>> rounds() {
        return rounds;
    }

    public long events() {
        return rounds.stream().mapToLong(List::size).sum();
    }

    public long bytes() {
        return rounds.stream()
                .flatMap(List::stream)
                .mapToLong(r -> r.json().length() + r.productId().length())
                .sum();
    }

    @Override
    public MarketScenario scenario() {
        return scenario;
    }

    /** The round's recorded events, parsed as the job parses them; the bids are not used. */
    @Override
    public List<FeedbackEvent> playRound(long round, Map<String, MarketSimulator.Bid> bids) {
        List<FeedbackEvent> events = new ArrayList<>();
        for (Record record : rounds.get((int) (round - firstRound))) {
            if (parser.parse(record.type(), record.json()) instanceof ParseResult.Valid valid) {
                events.add(valid.event());
            }
        }
        return events;
    }

    /** Not measured: a recorded feed has no expectation, and computing none costs nothing. */
    @Override
    public double expectedProfit(SimProduct product, long round, double bid) {
        return 0;
    }
}
