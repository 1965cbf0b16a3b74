package io.banditflow.core.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The best fixed bids within a budget, against allocations worked out by hand. */
class BudgetedFixedBidsTest {
    /** Two products, three bids each: profit and spend over a run, rising with the bid. */
    private static final double[][] PROFIT = {{0, 6, 8}, {0, 5, 6}};

    private static final double[][] SPEND = {{0, 2, 6}, {0, 5, 6}};

    @Test
    void shouldTakeTheBestFixedBidsWhenTheyFitTheBudget() {
        BudgetedFixedBids.Allocation free = BudgetedFixedBids.within(PROFIT, SPEND, 12);
        assertArrayEquals(new int[] {2, 2}, free.arms());
        assertEquals(0, free.lambda());
        assertEquals(14, free.profit(), 1e-12);
        assertEquals(12, free.spend(), 1e-12);
    }

    @Test
    void shouldPriceSpendUntilItFitsThenFillWhatTheStepLeft() {
        // λ < 1/2: {2, 2} spends 12; 1/2 < λ < 1: {1, 2} spends 8; λ ≥ 1: {1, 0} spends 2.
        // Five left: the second product a bid up at 1 of profit per unit of spend, not the first's
        // 1/2 — {1, 1}: profit 11 for 7, the best of every allocation within 7
        BudgetedFixedBids.Allocation paced = BudgetedFixedBids.within(PROFIT, SPEND, 7);
        assertArrayEquals(new int[] {1, 1}, paced.arms());
        assertEquals(1, paced.lambda(), 1e-9);
        assertEquals(11, paced.profit(), 1e-12);
        assertEquals(7, paced.spend(), 1e-12);
    }

    @Test
    void shouldSpendNothingWithoutABudget() {
        BudgetedFixedBids.Allocation none = BudgetedFixedBids.within(PROFIT, SPEND, 0);
        assertArrayEquals(new int[] {0, 0}, none.arms());
        assertEquals(0, none.spend(), 0);
    }
}
