package io.banditflow.core.policy;

import io.banditflow.core.landscape.OpenValue;
import io.banditflow.core.landscape.Population;
import java.util.List;
import java.util.Map;

/**
 * A bandit learner over the arms of a bid grid. It holds configuration only: what it has learned
 * lives in its part of a product's {@link PolicyState} (Flink keyed state in the job), so one
 * instance serves every product.
 *
 * <p>Lifecycle, the same for every learner: {@link #initialise} when a product first needs a
 * decision (or when its state holds no model of this learner, e.g. after switching learners on a
 * restore); {@link #choose} at each round's decision time, with the round's context and the arms
 * the guardrails allow; {@link #update} once per complete batch, with the rounds it chose, their
 * logged propensities and contexts, and their rewards X_t in [0, 1]; {@link #recover} when the
 * product leaves drift fallback. Randomness comes only from the seeds given, so a decision is a
 * pure function of the state, the context and the round.
 */
public interface Learner {
    /** The name in the job file and in every decision, e.g. {@code linucb}. */
    String algorithm();

    /** Whether choices depend on the context, which must then be kept for the update. */
    boolean contextual();

    /** Puts this learner's start into {@code state}, replacing any model it held. */
    void initialise(PolicyState state);

    /**
     * Puts this learner's start into {@code state} with the pooled evidence of the product's
     * category on top: every arm i as if played N = {@code prior.strength()} times with mean reward
     * m_i = {@code prior.filledMean(i)} (cold start). Evidence has no context, so contextual
     * learners take it on their bias feature (index 0).
     *
     * @throws IllegalArgumentException if the prior is over another number of arms
     */
    void initialise(PolicyState state, PooledPrior prior);

    /** Rejects a prior pooled over another grid. */
    static void checkArms(PooledPrior prior, int arms) {
        if (prior.arms() != arms) {
            throw new IllegalArgumentException(
                    "a prior over " + prior.arms() + " arms for a learner over " + arms);
        }
    }

    /**
     * Whether {@code state} holds a model of this learner with the current arms and context size;
     * false for a state written by another learner or for another grid.
     */
    boolean initialised(PolicyState state);

    /**
     * A choice among the arms {@code lowestArm..highestArm}, with the probability the policy gave
     * every arm (zero outside the range, summing to one).
     */
    Choice choose(PolicyState state, double[] context, int lowestArm, int highestArm, long seed);

    /**
     * The arm this learner believes best now among {@code lowestArm..highestArm}, without
     * exploring: the highest score (EXP3), the highest estimated reward θ̂ᵀx (LinUCB, linear
     * Thompson sampling), posterior mean (Beta Thompson sampling) or mean (ε-greedy); ties go to
     * the lowest bid. The exploration cap plays it when exploration has had its share.
     */
    int bestArm(PolicyState state, double[] context, int lowestArm, int highestArm);

    /**
     * Whether it learns each round's cost as it was and weighs cost by 1 + λ of the budget pacer
     * when deciding (docs/learners.md, "Pacing"), instead of learning cost already weighed by the λ
     * of the round it was spent in. A learner with a model of cost per click should: a weighed cost
     * is no click's cost (it may exceed the bid), and λ of two days ago is not the price of spend
     * now.
     */
    default boolean weighsCostWhenDeciding() {
        return false;
    }

    /**
     * What a decision is made under besides the product's state: the budget pacer's λ in force (0
     * without pacing) and the period of the day of the decided round ({@link
     * DecisionSlot#periodOfDay}; −1 for none, as a state tool's question is).
     */
    record Conditions(double pacingLambda, int periodOfDay) {
        /** No pacing, no particular period. */
        public static final Conditions NONE = new Conditions(0, -1);

        /** Under the pacer's {@code lambda}, in no particular period. */
        public static Conditions paced(double lambda) {
            return new Conditions(lambda, -1);
        }

        /** The decision of {@code slot} under the pacer's {@code lambda}. */
        public static Conditions of(DecisionSlot slot, double lambda) {
            return new Conditions(lambda, slot.periodOfDay());
        }
    }

    /**
     * {@link #choose} under {@code conditions}: only a learner that weighs cost uses λ ({@link
     * #weighsCostWhenDeciding}), only one whose value differs by period of the day uses the period.
     */
    default Choice choose(
            PolicyState state,
            double[] context,
            int lowestArm,
            int highestArm,
            long seed,
            Conditions conditions) {
        return choose(state, context, lowestArm, highestArm, seed);
    }

    /** {@link #bestArm} under {@code conditions}, as {@link #choose} uses them. */
    default int bestArm(
            PolicyState state,
            double[] context,
            int lowestArm,
            int highestArm,
            Conditions conditions) {
        return bestArm(state, context, lowestArm, highestArm);
    }

    /** The index of the largest value among {@code lowest..highest}, the lowest on ties. */
    static int argmax(double[] values, int lowest, int highest) {
        int best = lowest;
        for (int i = lowest + 1; i <= highest; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * Applies a complete batch.
     *
     * @param played the rounds this learner chose, with their logged arm, propensity, allowed range
     *     and context, in round order
     * @param rewards X_t in [0, 1], aligned with {@code played}
     */
    void update(PolicyState state, List<PlayedRound> played, double[] rewards);

    /**
     * Whether it learns from scalar rewards alone ({@link #update}): true of the scalar learners;
     * false of one that needs what a round was, which answered requests (one bid each, no round)
     * cannot give it.
     */
    default boolean learnsFromRewards() {
        return true;
    }

    /**
     * Whether it learns from its population's value per click (the batch's {@code population}): the
     * job then pools the products' value evidence for it.
     */
    default boolean poolsValue() {
        return false;
    }

    /**
     * What the product's state believes, by name, for people (the state tool's {@code inspect}):
     * none by default; a model's estimates with their intervals where it has them.
     */
    default Map<String, Double> beliefs(PolicyState state) {
        return Map.of();
    }

    /**
     * Applies a complete batch as it was. The scalar learners learn from its normalised rewards
     * ({@link #update}); a learner that models the parts of a round (clicks, cost, value at the bid
     * played) overrides this and reads them.
     */
    default void learn(PolicyState state, LearningBatch batch) {
        update(state, batch.played(), batch.rewards());
    }

    /**
     * Whether it learns from the rounds still inside the attribution window ({@link #learnOpen}),
     * as they stand at each batch's end and final time; none does by default.
     */
    default boolean learnsOpenValue() {
        return false;
    }

    /**
     * What a product's rounds inside the attribution window show now ({@link OpenValue}), in place
     * of what they showed at the previous call.
     *
     * @return whether its state changed
     */
    default boolean learnOpen(PolicyState state, OpenValue open) {
        return false;
    }

    /**
     * Whether it learns a batch in two steps: what is complete when the batch's rounds have ended —
     * impressions, clicks and cost at the bid played — at once ({@link #learnEnded}), and the
     * conversions once the batch is final ({@link #learnFinal}). The scalar learners' reward needs
     * the conversions, so they wait for the whole batch.
     */
    default boolean learnsWhenEnded() {
        return false;
    }

    /**
     * Applies what a batch's rounds were at their end (conversions not counted: most are still to
     * come) to a learner that {@link #learnsWhenEnded}.
     */
    default void learnEnded(PolicyState state, LearningBatch ended) {
        throw new UnsupportedOperationException(algorithm() + " learns a batch once final");
    }

    /**
     * Whether it learns something when a batch is mature, before it is final ({@link
     * io.banditflow.core.round.RoundClock#batchMatureTime}): most of the batch's sales have come by
     * then. None does by default.
     */
    default boolean learnsWhenMature() {
        return false;
    }

    /**
     * Applies a batch that is mature (its rounds it played, {@code played}) to a learner that
     * {@link #learnsWhenMature}, with what its population tells then ({@code population}, null when
     * the job does not pool value); what arrived of its sales it learns from the open rounds
     * ({@link #learnOpen}).
     *
     * @return whether its state changed
     */
    default boolean learnMature(
            PolicyState state, List<PlayedRound> played, Population population) {
        return false;
    }

    /**
     * Applies the rest of a final batch whose ended rounds were learned ({@link #learnEnded}): the
     * same as {@link #learn} for a learner that does not learn when ended.
     */
    default void learnFinal(PolicyState state, LearningBatch batch) {
        learn(state, batch);
    }

    /**
     * Applies a drift recovery: {@code KEEP} nothing; {@code DECAY} moves the model a share {@code
     * 1 − decay} of the way back to its start (the old market's evidence weighs {@code decay} times
     * as much); {@code RESET} restarts it.
     */
    void recover(PolicyState state, RecoveryAction action, double decay);

    /**
     * A choice and the distribution it was drawn from.
     *
     * @param probabilities every arm's probability under the policy that chose
     * @param method how the probabilities were obtained
     * @param propensityError a bound on the error of the chosen arm's probability: 0 when exact,
     *     the quadrature error or the Monte Carlo standard error otherwise
     */
    record Choice(
            int arm, double[] probabilities, PropensityMethod method, double propensityError) {
        public double propensity() {
            return probabilities[arm];
        }
    }
}
