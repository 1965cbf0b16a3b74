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
        BudgetPacer pacer = new BudgetPacer(100, 0.01, new double[] {0.25, 0.25, 0.25, 0.25}, 0);
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
        BudgetPacer pacer = new BudgetPacer(100, 0, new double[] {0.5, 0.5}, 0);
        pacer.roundEnded(3, 0, 60);
        pacer.roundEnded(3, 1, 41);
        assertEquals(3, pacer.day());
        assertEquals(101, pacer.spentToday(), 1e-12);
        pacer.roundEnded(4, 0, 10);
        assertEquals(4, pacer.day());
        assertEquals(10, pacer.spentToday(), 1e-12, "a new day starts from zero");
    }

    @Test
    void shouldPayBackOverspendOverTheRepayDays() {
        // 100 a day over 2 periods of 50; κ = 0.01; overspend paid back over 4 days
        BudgetPacer pacer = new BudgetPacer(100, 0.01, new double[] {0.5, 0.5}, 4);
        pacer.roundEnded(0, 0, 70); // 20 over the plan of 50: λ = 0.2
        pacer.roundEnded(0, 1, 70); // λ = 0.4; the day spent 140
        assertEquals(0.4, pacer.lambda(), 1e-12);
        assertEquals(0, pacer.carried(), 0, "carried when the day is over, not before");
        // day 1: 40 carried, a plan of 100 − 40/4 = 90, 45 a round
        pacer.roundEnded(1, 0, 45);
        assertEquals(40, pacer.carried(), 1e-12);
        assertEquals(0.4, pacer.lambda(), 1e-12, "on the lowered plan: λ holds");
        pacer.roundEnded(1, 1, 35); // 10 under the plan of 45: λ = 0.3; the day spent 80
        assertEquals(0.3, pacer.lambda(), 1e-12);
        // days 2 and 3 without a round: 40 + 80 − 100 − 100 below zero, so nothing carried
        pacer.roundEnded(4, 0, 50);
        assertEquals(0, pacer.carried(), 0, "an underspend pays back, never below zero");
        assertEquals(0.3, pacer.lambda(), 1e-12, "the plan is the budget's again");
        // the same days each alone (repayDays 0): λ on the budget's plan throughout
        BudgetPacer alone = new BudgetPacer(100, 0.01, new double[] {0.5, 0.5}, 0);
        alone.roundEnded(0, 0, 70);
        alone.roundEnded(0, 1, 70);
        alone.roundEnded(1, 0, 45);
        assertEquals(0.35, alone.lambda(), 1e-12);
        assertEquals(40, alone.carried(), 1e-12, "carried, but not paid back");
    }

    @Test
    void shouldResumeWhereItStood() {
        BudgetPacer pacer = new BudgetPacer(100, 0.01, new double[] {0.5, 0.5}, 4);
        BudgetPacer resumed = pacer.resumedAt(0.4, 0, 140, 0);
        resumed.roundEnded(1, 0, 45);
        assertEquals(40, resumed.carried(), 1e-12);
        assertEquals(0.4, resumed.lambda(), 1e-12);
    }

    @Test
    void shouldWeighCostByOnePlusLambdaForTheLearner() {
        RoundOutcome outcome = new RoundOutcome("p", 7, 100, 4, 0.8, 1, 5.0);
        assertEquals(5.0 - 1.5 * 0.8, BudgetPacer.paced(outcome, 0.5).profit(), 1e-12);
        assertThrows(
                IllegalArgumentException.class,
                () -> new BudgetPacer(100, 0.1, new double[] {0.5, 0.4}, 0));
        assertThrows(
                IllegalArgumentException.class,
                () -> new BudgetPacer(100, 0.1, new double[] {0.5, 0.5}, 0.5));
    }
}
