package io.banditflow.core.policy;

import java.io.Serializable;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * A learner as a job file configures it: the algorithm's name, the seed of its draws and its
 * parameters' values (every parameter of the {@link LearnerKind}, with the defaults filled in; a
 * parameter of an optional subsection only when the job file writes the subsection).
 */
public record LearnerSettings(String algorithm, long seed, Map<String, Double> values)
        implements Serializable {

    public LearnerSettings {
        values = Map.copyOf(values);
    }

    /** The kind's defaults: {@code algorithm} as the job file's {@code learner: {algorithm: …}}. */
    public static LearnerSettings defaults(String algorithm, long seed) {
        return LearnerKinds.of(algorithm).settings(seed, Map.of());
    }

    /** The value of {@code key}. */
    public double get(String key) {
        Double value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException(algorithm + " has no value for " + key);
        }
        return value;
    }

    /** Whether {@code key} has a value (a subsection's key only when it was written). */
    public boolean has(String key) {
        return values.containsKey(key);
    }

    /**
     * The bid this learner starts near ({@code prior.bid}, unless a {@code prior.concentration} of
     * 0 makes the start uniform), if it has one: the job's baseline bid by default.
     */
    public OptionalDouble priorBid() {
        return has(BidPrior.BID)
                        && (!has(BidPrior.CONCENTRATION) || get(BidPrior.CONCENTRATION) > 0)
                ? OptionalDouble.of(get(BidPrior.BID))
                : OptionalDouble.empty();
    }

    /** The learner over {@code grid} for contexts of {@code contextDimension}; null: baseline. */
    public Learner create(io.banditflow.core.bid.BidGrid grid, int contextDimension) {
        return LearnerKinds.of(algorithm).factory().create(this, grid, contextDimension);
    }
}
