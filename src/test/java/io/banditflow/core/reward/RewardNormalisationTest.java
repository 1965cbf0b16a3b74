package io.banditflow.core.reward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RewardNormalisationTest {
    @Test
    void shouldComputeTrafficSharesRelativeToBusiestPeriod() {
        // 4 periods of 6 h, one trailing day ending before round 8: rounds 4..7.
        TrafficProfile profile = new TrafficProfile(4, 1, 0.05);
        Map<Long, Long> impressions = Map.of(4L, 10L, 5L, 40L, 6L, 20L, 3L, 999L);
        double[] shares = profile.shares(8, r -> impressions.getOrDefault(r, 0L));
        assertArrayEquals(new double[] {0.25, 1.0, 0.5, 0.05}, shares, 1e-12);
    }

    @Test
    void shouldAverageSharesOverTrailingDays() {
        TrafficProfile profile = new TrafficProfile(2, 2, 0.01);
        Map<Long, Long> impressions = Map.of(0L, 10L, 1L, 30L, 2L, 30L, 3L, 30L);
        assertArrayEquals(
                new double[] {40.0 / 60, 1.0},
                profile.shares(4, r -> impressions.getOrDefault(r, 0L)),
                1e-12);
    }

    @Test
    void shouldGiveUnitSharesWithoutTraffic() {
        assertArrayEquals(new double[] {1, 1}, new TrafficProfile(2, 1, 0.1).shares(2, r -> 0), 0);
    }

    @Test
    void shouldInterpolateQuantilesOverTheWindow() {
        ProfitHistory history = new ProfitHistory(5);
        for (double v : new double[] {100, 3, 1, 5, 2, 4}) { // 100 falls out of the window
            history.add(v);
        }
        assertEquals(5, history.size);
        assertEquals(1.2, history.quantile(0.05), 1e-6);
        assertEquals(4.8, history.quantile(0.95), 1e-6);
        assertEquals(3.0, history.quantile(0.5), 1e-6);
    }

    @Test
    void shouldUseConfiguredRangeUntilEnoughRounds() {
        RewardNormaliser normaliser = new RewardNormaliser(0.05, 0.95, -1, 3, 4, 8);
        ProfitHistory history = normaliser.newHistory();
        history.add(10);
        history.add(20);
        history.add(30);
        assertArrayEquals(new double[] {-1, 3}, normaliser.range(history), 0);
        history.add(40);
        assertArrayEquals(new double[] {11.5, 38.5}, normaliser.range(history), 1e-6);
    }

    @Test
    void shouldUseConfiguredRangeWhenHistoryHasNoSpread() {
        RewardNormaliser normaliser = new RewardNormaliser(0.05, 0.95, -1, 3, 2, 8);
        ProfitHistory history = normaliser.newHistory();
        for (int i = 0; i < 5; i++) {
            history.add(0);
        }
        assertArrayEquals(new double[] {-1, 3}, normaliser.range(history), 0);
    }

    @Test
    void shouldClipRewardToUnitInterval() {
        double[] range = {-1, 3};
        assertEquals(0.25, RewardNormaliser.reward(0, range), 1e-12);
        assertEquals(0.0, RewardNormaliser.reward(-7, range), 0);
        assertEquals(1.0, RewardNormaliser.reward(9, range), 0);
    }
}
