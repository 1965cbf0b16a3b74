package io.banditflow.core.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.banditflow.core.reward.RoundOutcome;
import org.junit.jupiter.api.Test;

/** λ follows spend against the plan, never below 0; the budget is a hard cap per day. */
class BudgetPacerTest {
    @Test
    void shouldRaiseLambdaWhileSpendIsAbovePlanAndLowerItBackToZero() {
        // 100 a day over 4 periods of 25; κ = 0.01 per unit of spend
        BudgetPacer pacer = new BudgetPacer(100, 0.01, new double[] {0.25, 0.25, 0.25, 0.25});
        pacer.roundEnded(0, 0, 45); // 20 over: λ = 0.2
        assertEquals(0.2, pacer.lambda(), 1e-12);
        pacer.roundEnded(0, 1, 35); // 10 over: λ = 0.3
        assertEquals(0.3, pacer.lambda(), 1e-12);
        pacer.roundEnded(0, 2, 0); // 25 under: λ = 0.05
        assertEquals(0.05, pacer.lambda(), 1e-12);
        pacer.roundEnded(0, 3, 0); // would be −0.2: floored at 0
        assertEquals(0, pacer.lambda(), 0);
        assertEquals(80, pacer.spentToday(), 1e-12);
    }

    @Test
    void shouldSumEachDaysSpendFromZero() {
        BudgetPacer pacer = new BudgetPacer(100, 0, new double[] {0.5, 0.5});
        pacer.roundEnded(3, 0, 60);
        pacer.roundEnded(3, 1, 41);
        assertEquals(3, pacer.day());
        assertEquals(101, pacer.spentToday(), 1e-12);
        pacer.roundEnded(4, 0, 10);
        assertEquals(4, pacer.day());
        assertEquals(10, pacer.spentToday(), 1e-12, "a new day starts from zero");
    }

    @Test
    void shouldWeighCostByOnePlusLambdaForTheLearner() {
        RoundOutcome outcome = new RoundOutcome("p", 7, 100, 4, 0.8, 1, 5.0);
        assertEquals(5.0 - 1.5 * 0.8, BudgetPacer.paced(outcome, 0.5).profit(), 1e-12);
        assertThrows(
                IllegalArgumentException.class,
                () -> new BudgetPacer(100, 0.1, new double[] {0.5, 0.4}));
    }
}
