package io.banditflow.core.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.banditflow.core.event.FeedbackEvent;
import org.junit.jupiter.api.Test;

/** A round's outcome carries the bid its impressions echoed, when they echoed one. */
class RoundTallyTest {
    private static RoundTally impressions(double... bids) {
        RoundTally tally = new RoundTally();
        for (int i = 0; i < bids.length; i++) {
            tally.add(FeedbackEvent.impression("i" + i, "p", 1_000 + i, bids[i], null));
        }
        return tally;
    }

    @Test
    void shouldKeepTheBidEveryImpressionEchoed() {
        assertEquals(0.15, impressions(0.15, 0.15, 0.15).toOutcome("p", 1).bid());
        assertEquals(0, impressions().toOutcome("p", 1).bid(), "no auction won");
        assertEquals(0, impressions(0.15, 0.2).toOutcome("p", 1).bid(), "bids per request");
    }

    @Test
    void shouldMergePartialTalliesAlike() {
        assertEquals(0.15, impressions(0.15).merge(impressions(0.15)).bid());
        assertEquals(0.15, impressions().merge(impressions(0.15)).bid());
        assertEquals(0, impressions(0.15).merge(impressions(0.07)).bid());
    }
}
