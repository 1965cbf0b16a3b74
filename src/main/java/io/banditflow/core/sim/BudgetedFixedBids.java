package io.banditflow.core.sim;

/**
 * The best fixed bid per product in hindsight when all products share one budget: the reference a
 * paced policy is measured against (the unconstrained best fixed bids may spend far more than the
 * budget). Lagrangian relaxation, as the pacer itself works (docs/algorithms.md, "Budget and
 * guardrails"): each product at the bid that maximises profit − λ·spend over the run, λ the least
 * price of spend (found by bisection) that keeps the total within the budget. Over a discrete grid
 * this is the best allocation on the convex hull of each product's (spend, profit) points, and
 * leaves part of the budget at the step unspent: that part is then filled greedily, one product a
 * bid up at a time (the most profit per unit of spend first). An exact knapsack could do slightly
 * better still; the reference is what a paced policy of fixed bids can reach, not a bound.
 */
public final class BudgetedFixedBids {
    private static final int BISECTIONS = 100;

    /**
     * @param arms each product's arm
     * @param lambda the price of spend that chose them
     * @param profit their expected profit over the run
     * @param spend their expected spend over the run
     */
    public record Allocation(int[] arms, double lambda, double profit, double spend) {}

    private BudgetedFixedBids() {}

    /**
     * @param profit expected profit over the run of each product (first index) at each arm
     * @param spend expected spend over the run of each product at each arm
     * @param budget the run's budget for all products together
     */
    public static Allocation within(double[][] profit, double[][] spend, double budget) {
        Allocation free = at(profit, spend, 0);
        if (free.spend() <= budget) {
            return free;
        }
        double low = 0;
        double high = 1;
        while (at(profit, spend, high).spend() > budget && high < 1e12) {
            low = high;
            high *= 2;
        }
        for (int i = 0; i < BISECTIONS; i++) {
            double middle = (low + high) / 2;
            if (at(profit, spend, middle).spend() > budget) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return filled(at(profit, spend, high), profit, spend, budget);
    }

    /**
     * Spends what the step of λ left: one product at a time moves to a higher bid that still fits,
     * the move of the most profit per unit of spend first, while one gains.
     */
    static Allocation filled(Allocation start, double[][] profit, double[][] spend, double budget) {
        int[] arms = start.arms().clone();
        double totalProfit = start.profit();
        double totalSpend = start.spend();
        while (true) {
            int product = -1;
            int arm = -1;
            double bestRate = 0;
            for (int p = 0; p < arms.length; p++) {
                for (int a = arms[p] + 1; a < profit[p].length; a++) {
                    double more = spend[p][a] - spend[p][arms[p]];
                    double gain = profit[p][a] - profit[p][arms[p]];
                    if (gain > 0 && totalSpend + more <= budget) {
                        double rate = more > 0 ? gain / more : Double.POSITIVE_INFINITY;
                        if (rate > bestRate) {
                            bestRate = rate;
                            product = p;
                            arm = a;
                        }
                    }
                }
            }
            if (product < 0) {
                return new Allocation(arms, start.lambda(), totalProfit, totalSpend);
            }
            totalProfit += profit[product][arm] - profit[product][arms[product]];
            totalSpend += spend[product][arm] - spend[product][arms[product]];
            arms[product] = arm;
        }
    }

    /** Every product at its arm of the highest profit − λ·spend, the lowest arm on ties. */
    static Allocation at(double[][] profit, double[][] spend, double lambda) {
        int[] arms = new int[profit.length];
        double totalProfit = 0;
        double totalSpend = 0;
        for (int p = 0; p < profit.length; p++) {
            int best = 0;
            for (int a = 1; a < profit[p].length; a++) {
                if (profit[p][a] - lambda * spend[p][a]
                        > profit[p][best] - lambda * spend[p][best]) {
                    best = a;
                }
            }
            arms[p] = best;
            totalProfit += profit[p][best];
            totalSpend += spend[p][best];
        }
        return new Allocation(arms, lambda, totalProfit, totalSpend);
    }
}
