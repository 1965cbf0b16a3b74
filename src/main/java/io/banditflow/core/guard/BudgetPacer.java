package io.banditflow.core.guard;

import io.banditflow.core.reward.RoundOutcome;
import java.io.Serializable;

/**
 * Paces the spend of all products to a daily budget (docs/algorithms.md, "Budget and guardrails"):
 * a dual variable λ ≥ 0, after each round λ ← max(0, λ + κ (spend − plan)), where the plan is the
 * budget's share for the round's period of the day; learners then optimise value − (1 + λ)·cost, so
 * a λ above 0 makes clicks dearer to them until spend is back on plan. The budget stays a hard cap
 * ({@link Guards}: the floor once the day's known spend reaches it) and, for policies λ does not
 * price as they decide, a throttle before it ({@link SpendThrottle}).
 */
public final class BudgetPacer implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double dailyBudget;
    private final double kappa;
    private final double[] planShares;

    private double lambda;
    private long day = Long.MIN_VALUE;
    private double spentToday;

    /**
     * @param kappa the step of λ per unit of spend above or below the plan
     * @param planShares the budget's share of each period of the day (adding up to 1): the traffic
     *     curve, so that the plan follows the auctions
     */
    public BudgetPacer(double dailyBudget, double kappa, double[] planShares) {
        double total = 0;
        for (double share : planShares) {
            total += share;
        }
        if (!(dailyBudget > 0) || kappa < 0 || Math.abs(total - 1) > 1e-9) {
            throw new IllegalArgumentException(
                    "needs a positive budget, κ ≥ 0 and plan shares adding up to 1");
        }
        this.dailyBudget = dailyBudget;
        this.kappa = kappa;
        this.planShares = planShares.clone();
    }

    /**
     * Even pacing: the budget's plan spread evenly over the rounds of the day, and κ such that a
     * round spending twice its plan raises λ by {@code stepPerPlannedRound}.
     */
    public static BudgetPacer even(
            double dailyBudget, double stepPerPlannedRound, int periodsPerDay) {
        double[] plan = new double[periodsPerDay];
        java.util.Arrays.fill(plan, 1.0 / periodsPerDay);
        return new BudgetPacer(
                dailyBudget, stepPerPlannedRound / (dailyBudget / periodsPerDay), plan);
    }

    /** This pacer as it stood: λ, and the day and its spend so far (a restore). */
    public BudgetPacer resumedAt(double lambdaNow, long dayNow, double spentSoFar) {
        BudgetPacer resumed = new BudgetPacer(dailyBudget, kappa, planShares);
        resumed.lambda = lambdaNow;
        resumed.day = dayNow;
        resumed.spentToday = spentSoFar;
        return resumed;
    }

    public double dailyBudget() {
        return dailyBudget;
    }

    public long day() {
        return day;
    }

    public double spentToday() {
        return spentToday;
    }

    /** The dual variable in force: the price of a unit of spend above its face value. */
    public double lambda() {
        return lambda;
    }

    /** Records a round's spend, at its end, and steps λ. */
    public void roundEnded(long dayIndex, int period, double spend) {
        if (dayIndex != day) {
            day = dayIndex;
            spentToday = 0;
        }
        spentToday += spend;
        lambda = Math.max(0, lambda + kappa * (spend - dailyBudget * planShares[period]));
    }

    /** The outcome as a paced learner sees it: every unit of cost weighs 1 + λ. */
    public static RoundOutcome paced(RoundOutcome outcome, double lambda) {
        return new RoundOutcome(
                outcome.productId(),
                outcome.round(),
                outcome.impressions(),
                outcome.clicks(),
                outcome.cost() * (1 + lambda),
                outcome.conversions(),
                outcome.conversionValue(),
                outcome.mobileImpressions(),
                outcome.impressionsWithDevice(),
                outcome.bid());
    }
}
