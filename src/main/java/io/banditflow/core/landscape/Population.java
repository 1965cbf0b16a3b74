package io.banditflow.core.landscape;

/**
 * What a product's population tells its learner at an update: the prior of its value per click (its
 * category's, shrunk toward all products'; null before any product has sold) and all products'
 * factors of value per click by period of the day ({@link PeriodFactors}; null while no pooled part
 * carried period sums, as in a savepoint taken before they were pooled).
 */
public record Population(ValuePrior prior, double[] periodFactors) {
    /** A population with a prior and no factors by period: every period is worth the day's. */
    public static Population of(ValuePrior prior) {
        return new Population(prior, null);
    }
}
