package io.banditflow.core.pool;

import io.banditflow.core.bid.BidGrid;
import io.banditflow.core.policy.PooledPrior;
import io.banditflow.core.reward.RewardNormaliser;
import io.banditflow.core.reward.RoundOutcome;
import io.banditflow.core.util.Discounting;
import io.banditflow.core.util.Timelines;
import java.util.Comparator;
import java.util.List;

/**
 * Cold start from the category: what the products of a category earned with each bid, pooled so
 * that a new product of the category starts from it instead of from nothing.
 *
 * <p>The evidence is the market's answer, not the learners' beliefs: each final round of a product
 * gives (arm, reward) from the bid its impressions echoed and its profit, normalised to X in [0, 1]
 * over the configured initial range ({@code reward.initialRange}): the scale a new product's
 * learner starts on, before it has a history of its own. (On each product's own learned range the
 * pool's rewards sat far above what a newcomer's first rounds give, so every bid it had not tried
 * looked better than the ones it had: measured in docs/learners.md.) A round whose bid won no
 * auction echoes no bid and gives no evidence; a bid the category never played counts as the
 * category's average ({@link PooledPrior#filledMean}).
 *
 * <p>A category's prior is published once it holds as many rounds as the prior stands for ({@code
 * strength}); until then its new products start from scratch.
 *
 * <p>The pool forgets with a half-life: each round folded in discounts the older evidence by 2^(−1
 * / halfLifeRounds) per round, so a category whose market moves pools its recent behaviour.
 */
public final class CategoryPooling {
    private final BidGrid grid;
    private final double[] range;
    private final double decayPerRound;
    private final double strength;

    /** One product's final round as evidence: the arm it played and the reward X it earned. */
    public record Evidence(String productId, long round, int arm, double reward) {}

    /**
     * @param range the profit of a round that maps to reward 0 and to reward 1
     * @param halfLifeRounds rounds after which evidence weighs half
     * @param strength the most rounds per arm a prior stands for
     */
    public CategoryPooling(BidGrid grid, double[] range, double halfLifeRounds, double strength) {
        if (!(halfLifeRounds > 0) || !(strength > 0)) {
            throw new IllegalArgumentException("need halfLifeRounds > 0 and strength > 0");
        }
        this.grid = grid;
        if (range.length != 2 || !(range[0] < range[1])) {
            throw new IllegalArgumentException("need a range [low, high] with low < high");
        }
        this.range = range.clone();
        this.decayPerRound = Math.pow(0.5, 1 / halfLifeRounds);
        this.strength = strength;
    }

    /**
     * A product's final round as evidence, or null when its impressions echoed no single bid of the
     * grid.
     */
    public Evidence evidence(RoundOutcome outcome) {
        int arm = outcome.bid() > 0 ? grid.armOf(outcome.bid()) : -1;
        if (arm < 0) {
            return null;
        }
        double reward = RewardNormaliser.reward(outcome.profit(), range);
        return new Evidence(outcome.productId(), outcome.round(), arm, reward);
    }

    /**
     * Folds one round's evidence into a category's pool, in product order so that the sums do not
     * depend on the order it arrived in. Rounds come in order; an older round is folded in with its
     * age's discount.
     */
    public void add(CategoryPool pool, long round, List<Evidence> evidence) {
        int arms = grid.size();
        if (pool.rounds == null || pool.rounds.length != arms) {
            pool.rounds = new double[arms];
            pool.rewardSums = new double[arms];
            pool.started = false;
        }
        double weight = 1;
        if (!pool.started) {
            pool.lastRound = round;
            pool.started = true;
        } else if (round > pool.lastRound) {
            double decay = Math.pow(decayPerRound, round - pool.lastRound);
            for (int a = 0; a < arms; a++) {
                pool.rounds[a] = Discounting.discounted(pool.rounds[a], decay);
                pool.rewardSums[a] = Discounting.discounted(pool.rewardSums[a], decay);
            }
            pool.lastRound = round;
        } else {
            weight = Math.pow(decayPerRound, pool.lastRound - round);
        }
        List<Evidence> ordered =
                evidence.stream().sorted(Comparator.comparing(Evidence::productId)).toList();
        for (Evidence e : ordered) {
            pool.rounds[e.arm()] += weight;
            pool.rewardSums[e.arm()] += weight * e.reward();
        }
    }

    /** The prior in force at {@code time} in a timeline ordered by time, or null if none yet. */
    public static PooledPrior at(PooledPrior[] timeline, long time) {
        return Timelines.at(timeline, PooledPrior::asOf, time);
    }

    /**
     * The timeline with {@code prior} added in time order, less the priors superseded by {@code
     * time}: those no lookup at or after it can return.
     */
    public static PooledPrior[] with(PooledPrior[] timeline, PooledPrior prior, long time) {
        return Timelines.with(timeline, prior, PooledPrior::asOf, time, PooledPrior[]::new);
    }

    /**
     * The prior a new product of the category starts from, or null while the pool holds fewer
     * rounds than the prior stands for.
     */
    public PooledPrior prior(String category, CategoryPool pool, long asOf) {
        if (pool.rounds == null || pool.rounds.length != grid.size()) {
            return null;
        }
        double total = 0;
        double[] means = new double[pool.rounds.length];
        double[] rounds = new double[pool.rounds.length];
        for (int a = 0; a < means.length; a++) {
            total += pool.rounds[a];
            if (pool.rounds[a] > 0) {
                means[a] = Math.max(0, Math.min(1, pool.rewardSums[a] / pool.rounds[a]));
                rounds[a] = Math.min(strength, pool.rounds[a]);
            }
        }
        return total >= strength ? new PooledPrior(category, asOf, means, rounds, strength) : null;
    }
}
