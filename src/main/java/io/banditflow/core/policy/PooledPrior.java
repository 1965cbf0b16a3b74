package io.banditflow.core.policy;

/**
 * What the products of a category have shown about each bid, as a new product's learner takes it:
 * every arm as if played {@code strength} times with mean reward {@link #filledMean}: its pooled
 * mean over the rounds the category played it, the rest filled with the category's average, so a
 * bid the category rarely played is judged by the average rather than by a lucky round, and one it
 * never played is neither favoured nor shunned. The prior stands for {@code strength} rounds per
 * arm, so a product's own feedback outweighs it within days. Built by {@link
 * io.banditflow.core.pool.CategoryPooling}.
 *
 * @param category the category it was pooled over
 * @param asOf event time of the last round it includes
 * @param means mean reward X in [0, 1] per arm (0 where {@code rounds} is 0)
 * @param rounds pseudo-rounds per arm, each in [0, strength]
 * @param strength the most rounds the prior stands for
 */
public record PooledPrior(
        String category, long asOf, double[] means, double[] rounds, double strength) {
    public PooledPrior {
        if (means.length != rounds.length) {
            throw new IllegalArgumentException("one mean and one count per arm");
        }
        if (!(strength > 0)) {
            throw new IllegalArgumentException("need strength > 0");
        }
        for (int i = 0; i < rounds.length; i++) {
            if (!(rounds[i] >= 0 && rounds[i] <= strength) || !(means[i] >= 0 && means[i] <= 1)) {
                throw new IllegalArgumentException("arm " + i + ": count or mean out of range");
            }
        }
    }

    /** The mean reward over all arms, weighted by their rounds. */
    public double overallMean() {
        double weighted = 0;
        double total = 0;
        for (int i = 0; i < means.length; i++) {
            weighted += rounds[i] * means[i];
            total += rounds[i];
        }
        return total == 0 ? 0 : weighted / total;
    }

    /**
     * Arm i's mean over {@code strength} rounds, the rounds it lacks filled with the overall mean:
     * an arm the category rarely played is judged by the category's average.
     */
    public double filledMean(int arm) {
        return (rounds[arm] * means[arm] + (strength - rounds[arm]) * overallMean()) / strength;
    }

    public int arms() {
        return means.length;
    }

    /**
     * The arm of the highest {@link #filledMean} among the arms the category played, the lowest on
     * ties; -1 if it played none. Where a learner that takes no scalar rewards starts (a bid rarely
     * played is shrunk toward the average, so one lucky round does not make it the start).
     */
    public int bestPlayedArm() {
        int best = -1;
        for (int i = 0; i < means.length; i++) {
            if (rounds[i] > 0 && (best < 0 || filledMean(i) > filledMean(best))) {
                best = i;
            }
        }
        return best;
    }
}
