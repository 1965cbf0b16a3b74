package io.banditflow.core.sim;

import io.banditflow.core.event.FeedbackEvent;
import java.util.List;
import java.util.Map;

/**
 * What a closed loop plays against: a scenario's products and clock, the events of each round at
 * the bids played, and what a bid is expected to earn. The seeded {@link MarketSimulator} is the
 * market of every study; a benchmark replays a recorded feed.
 */
public interface Market {
    MarketScenario scenario();

    /**
     * Plays one round and returns its events in time order.
     *
     * @param bids the bid of each product; products without one do not take part in the round
     */
    List<FeedbackEvent> playRound(long round, Map<String, MarketSimulator.Bid> bids);

    /** Expected profit of a product's round at a bid, counting every conversion however late. */
    double expectedProfit(SimProduct product, long round, double bid);
}
