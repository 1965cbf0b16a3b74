package io.banditflow.core.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertFalse(pacer.exhausted(0));
    }

    @Test
    void shouldCapEachDayAtTheBudget() {
        BudgetPacer pacer = new BudgetPacer(100, 0, new double[] {0.5, 0.5});
        pacer.roundEnded(3, 0, 60);
        assertFalse(pacer.exhausted(3));
        pacer.roundEnded(3, 1, 41);
        assertTrue(pacer.exhausted(3));
        assertFalse(pacer.exhausted(4), "a new day starts with the whole budget");
        pacer.roundEnded(4, 0, 10);
        assertFalse(pacer.exhausted(4));
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
