package io.banditflow.core.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.banditflow.core.event.FeedbackEvent;
import org.junit.jupiter.api.Test;

class PendingRequestTest {
    @Test
    void shouldTallyTheJoinedFeedbackIntoProfit() {
        PendingRequest request = new PendingRequest();
        request.add(FeedbackEvent.impression("i", "p", 1, 0.3, "d"));
        request.add(FeedbackEvent.click("c1", "p", 2, 0.25, "d"));
        request.add(FeedbackEvent.click("c2", "p", 3, 0.15, "d"));
        request.add(FeedbackEvent.conversion("v", "p", 9, 2, 12.0, "d"));
        assertEquals(1, request.impressions);
        assertEquals(2, request.clicks);
        assertEquals(1, request.conversions);
        assertEquals(12.0 - 0.4, request.profit(), 1e-12);
    }

    @Test
    void shouldMapProfitLinearlyIntoTheRewardRange() {
        RequestRewards rewards = new RequestRewards(-0.4, 3.6);
        assertEquals(0.1, rewards.reward(0), 1e-12);
        assertEquals(0.575, rewards.reward(1.9), 1e-12);
        assertEquals(0, rewards.reward(-1));
        assertEquals(1, rewards.reward(50));
        assertThrows(IllegalArgumentException.class, () -> new RequestRewards(1, 1));
    }
}
