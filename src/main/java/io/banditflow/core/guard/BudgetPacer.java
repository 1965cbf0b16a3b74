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
 *
 * <p>Spend above the budget is carried and paid back: a day's plan is the budget less the carried
 * overspend over {@code repayDays}. λ alone never pays it back — at the λ where spend meets the
 * plan, everything spent above plan while λ climbed to it stays spent — and in its first days a
 * learner's bids cannot follow λ (its landscape is not learned yet), so it spent a quarter over the
 * budget on each of days 1–3 and 2–3% over it across four weeks (docs/evaluation.md, "Budget"). An
 * ad platform's daily budget is the same promise: a day may go over it, the billing period may not.
 */
public final class BudgetPacer implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double dailyBudget;
    private final double kappa;
    private final double[] planShares;
    private final double repayDays;

    private double lambda;
    private long day = Long.MIN_VALUE;
    private double spentToday;
    private double carried;

    /**
     * @param kappa the step of λ per unit of spend above or below the plan
     * @param planShares the budget's share of each period of the day (adding up to 1): the traffic
     *     curve, so that the plan follows the auctions
     * @param repayDays over how many days spend above the budget is paid back (each day's plan is
     *     the budget less the carried overspend over this); 0: never, each day's budget alone
     */
    public BudgetPacer(double dailyBudget, double kappa, double[] planShares, double repayDays) {
        double total = 0;
        for (double share : planShares) {
            total += share;
        }
        if (!(dailyBudget > 0)
                || kappa < 0
                || Math.abs(total - 1) > 1e-9
                || !(repayDays == 0 || repayDays >= 1)) {
            throw new IllegalArgumentException(
                    "needs a positive budget, κ ≥ 0, plan shares adding up to 1 and 0 or at least"
                            + " 1 day to pay back overspend");
        }
        this.dailyBudget = dailyBudget;
        this.kappa = kappa;
        this.planShares = planShares.clone();
        this.repayDays = repayDays;
    }

    /**
     * Even pacing: the budget's plan spread evenly over the rounds of the day, κ such that a round
     * spending twice its plan raises λ by {@code stepPerPlannedRound}, overspend paid back over
     * {@code repayDays}.
     */
    public static BudgetPacer even(
            double dailyBudget, double stepPerPlannedRound, int periodsPerDay, double repayDays) {
        double[] plan = new double[periodsPerDay];
        java.util.Arrays.fill(plan, 1.0 / periodsPerDay);
        return new BudgetPacer(
                dailyBudget, stepPerPlannedRound / (dailyBudget / periodsPerDay), plan, repayDays);
    }

    /**
     * This pacer as it stood: λ, the day and its spend so far, and the overspend of the days before
     * still to pay back (a restore).
     */
    public BudgetPacer resumedAt(
            double lambdaNow, long dayNow, double spentSoFar, double carriedBefore) {
        BudgetPacer resumed = new BudgetPacer(dailyBudget, kappa, planShares, repayDays);
        resumed.lambda = lambdaNow;
        resumed.day = dayNow;
        resumed.spentToday = spentSoFar;
        resumed.carried = carriedBefore;
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

    /** The spend above the budget of the days before today not yet paid back. */
    public double carried() {
        return carried;
    }

    /** The dual variable in force: the price of a unit of spend above its face value. */
    public double lambda() {
        return lambda;
    }

    /**
     * Records a round's spend, at its end, and steps λ. A new day carries the days ended since the
     * last round's spend against their budgets: an overspend is added, an underspend pays back.
     */
    public void roundEnded(long dayIndex, int period, double spend) {
        if (dayIndex != day) {
            if (day != Long.MIN_VALUE && dayIndex > day) {
                carried = Math.max(0, carried + spentToday - dailyBudget * (dayIndex - day));
            }
            day = dayIndex;
            spentToday = 0;
        }
        spentToday += spend;
        lambda = Math.max(0, lambda + kappa * (spend - plannedToday() * planShares[period]));
    }

    /** Today's plan: the budget less today's share of paying back what was carried. */
    private double plannedToday() {
        return repayDays == 0 ? dailyBudget : Math.max(0, dailyBudget - carried / repayDays);
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
