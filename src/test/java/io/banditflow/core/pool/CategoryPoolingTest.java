package io.banditflow.core.pool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.banditflow.core.bid.BidGrid;
import io.banditflow.core.policy.PooledPrior;
import io.banditflow.core.reward.RoundOutcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class CategoryPoolingTest {
    private static final BidGrid GRID = new BidGrid(new double[] {0.1, 0.2, 0.4});
    private static final CategoryPooling POOLING =
            new CategoryPooling(GRID, new double[] {-1, 3}, 4, 10);

    private static RoundOutcome outcome(String product, long round, double bid, double profit) {
        return new RoundOutcome(product, round, 10, 2, 1, 1, 1 + profit, 0, 0, bid);
    }

    @Test
    void shouldTurnARoundWithOneBidIntoEvidenceOnTheConfiguredRange() {
        assertEquals(
                new CategoryPooling.Evidence("p", 1, 1, 0.5),
                POOLING.evidence(outcome("p", 1, 0.2, 1)),
                "profit 1 on [-1, 3]");
        assertEquals(1, POOLING.evidence(outcome("p", 2, 0.4, 7)).reward(), "clipped");
        assertNull(POOLING.evidence(outcome("p", 3, 0, -1)), "no bid echoed");
        assertNull(POOLING.evidence(outcome("p", 4, 0.3, 5)), "not a bid of the grid");
    }

    @Test
    void shouldPoolTheSameWhateverOrderTheProductsArriveIn() {
        List<CategoryPooling.Evidence> evidence = new ArrayList<>();
        for (int p = 0; p < 20; p++) {
            evidence.add(new CategoryPooling.Evidence("p" + p, 7, p % 3, 0.1 + 0.037 * p));
        }
        CategoryPool forwards = new CategoryPool();
        POOLING.add(forwards, 7, evidence);
        CategoryPool backwards = new CategoryPool();
        List<CategoryPooling.Evidence> reversed = new ArrayList<>(evidence);
        Collections.reverse(reversed);
        POOLING.add(backwards, 7, reversed);
        assertArrayEquals(forwards.rewardSums, backwards.rewardSums, 0);
        assertArrayEquals(forwards.rounds, backwards.rounds, 0);
    }

    @Test
    void shouldHalveOldEvidenceAfterTheHalfLife() {
        CategoryPool pool = new CategoryPool();
        POOLING.add(pool, 10, List.of(new CategoryPooling.Evidence("a", 10, 0, 1)));
        POOLING.add(pool, 14, List.of(new CategoryPooling.Evidence("a", 14, 1, 0)));
        assertArrayEquals(new double[] {0.5, 1, 0}, pool.rounds, 1e-12);
        POOLING.add(pool, 10, List.of(new CategoryPooling.Evidence("b", 10, 2, 1)));
        assertArrayEquals(new double[] {0.5, 1, 0.5}, pool.rounds, 1e-12, "an older round late");
        assertEquals(14, pool.lastRound);
    }

    @Test
    void shouldCapThePriorAtItsStrength() {
        CategoryPool pool = new CategoryPool();
        assertNull(POOLING.prior("shoes", pool, 0), "nothing pooled yet");
        POOLING.add(pool, 3, List.of(new CategoryPooling.Evidence("a", 3, 0, 0.2)));
        assertNull(POOLING.prior("shoes", pool, 0), "fewer rounds than the prior stands for");
        List<CategoryPooling.Evidence> evidence = new ArrayList<>();
        for (int p = 0; p < 30; p++) {
            evidence.add(new CategoryPooling.Evidence("p" + p, 3, 2, p % 2 == 0 ? 1 : 0.5));
        }
        POOLING.add(pool, 3, evidence);
        PooledPrior prior = POOLING.prior("shoes", pool, 99);
        assertArrayEquals(new double[] {0.2, 0, 0.75}, prior.means(), 1e-12);
        assertArrayEquals(new double[] {1, 0, 10}, prior.rounds(), 0);
        assertEquals(99, prior.asOf());
        double overall = (0.2 + 10 * 0.75) / 11;
        assertEquals(overall, prior.filledMean(1), 1e-12, "an arm never played: the average");
        assertEquals((0.2 + 9 * overall) / 10, prior.filledMean(0), 1e-12);
    }
}
