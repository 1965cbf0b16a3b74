package io.banditflow.core.policy;

import java.io.Serializable;

/**
 * One typed parameter of a learner, declared with the learner ({@link LearnerKind}): the job file's
 * key under {@code learner:}, its default, its range and what it means. The job-file parser, {@code
 * simulate}, the learner contract test and the README's configuration table all read it from here.
 *
 * @param key the key under {@code learner:}; a dotted key ({@code prior.bid}) lives in an optional
 *     subsection that is absent unless the job file writes it
 * @param defaultValue the value when the job file leaves the key out; NaN for a key that is
 *     required once its subsection is written
 * @param min the smallest value allowed
 * @param max the largest value allowed
 * @param whole whether the value is a whole number
 * @param description one line for the README
 */
public record LearnerParameter(
        String key, double defaultValue, double min, double max, boolean whole, String description)
        implements Serializable {

    public LearnerParameter {
        if (!(min <= max)
                || !(Double.isNaN(defaultValue) || min <= defaultValue && defaultValue <= max)) {
            throw new IllegalArgumentException(key + ": the default must lie in [min, max]");
        }
    }

    /** A real-valued parameter. */
    public static LearnerParameter number(
            String key, double defaultValue, double min, double max, String description) {
        return new LearnerParameter(key, defaultValue, min, max, false, description);
    }

    /** A whole-number parameter. */
    public static LearnerParameter whole(
            String key, int defaultValue, int min, int max, String description) {
        return new LearnerParameter(key, defaultValue, min, max, true, description);
    }

    /** γ, the discount of old evidence per update (1 keeps everything). */
    public static LearnerParameter discount(double defaultValue) {
        return number(
                "discount",
                defaultValue,
                1e-6,
                1,
                "γ per update, < 1 to forget: old evidence weighs γ^age");
    }

    /** λ, the prior precision of the linear learners' A = λI + Σxxᵀ. */
    public static LearnerParameter ridge() {
        return number("ridge", 1, 1e-9, 1e6, "λ, prior precision of A = λI + Σxxᵀ");
    }

    /** The subsection the key lives in ({@code prior} for {@code prior.bid}), or null. */
    public String subsection() {
        int dot = key.indexOf('.');
        return dot < 0 ? null : key.substring(0, dot);
    }

    /** The key within its subsection ({@code bid} for {@code prior.bid}). */
    public String leaf() {
        return key.substring(key.indexOf('.') + 1);
    }

    /** Whether the job file must give it once its subsection is written. */
    public boolean required() {
        return Double.isNaN(defaultValue);
    }
}
