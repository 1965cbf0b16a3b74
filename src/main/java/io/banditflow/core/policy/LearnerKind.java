package io.banditflow.core.policy;

import io.banditflow.core.bid.BidGrid;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One learning algorithm, declared once: its name in job files and decisions, its typed parameters,
 * how it is built, and a line of documentation. {@link LearnerKinds} lists every kind; the job-file
 * parser, {@code simulate}, the studies, the learner contract test and the README read that list,
 * so a new learner is its class, its kind and one line there.
 *
 * @param name the job file's {@code learner.algorithm}, logged with every decision
 * @param description one line for the README
 * @param parameters what the job file may set under {@code learner:} besides algorithm and seed
 * @param factory builds the learner from its settings (null for the baseline, which learns nothing)
 * @param check a cross-parameter rule: the offending key and why, or empty when the settings hold
 */
public record LearnerKind(
        String name,
        String description,
        List<LearnerParameter> parameters,
        Factory factory,
        Function<LearnerSettings, Optional<Problem>> check) {

    /** Builds a learner from its settings. */
    @FunctionalInterface
    public interface Factory {
        Learner create(LearnerSettings settings, BidGrid grid, int contextDimension);
    }

    /** What is wrong with a setting: the key under {@code learner:} and why. */
    public record Problem(String key, String reason) {}

    public LearnerKind {
        parameters = List.copyOf(parameters);
    }

    public LearnerKind(
            String name, String description, List<LearnerParameter> parameters, Factory factory) {
        this(name, description, parameters, factory, settings -> Optional.empty());
    }

    /** Whether the kind learns (every kind but the baseline). */
    public boolean learns() {
        return !name.equals(LearnerKinds.BASELINE.name());
    }

    /** The parameter named {@code key}, if the kind has it. */
    public Optional<LearnerParameter> parameter(String key) {
        return parameters.stream().filter(p -> p.key().equals(key)).findFirst();
    }

    /**
     * The keys the job file may write under {@code learner:} for this kind (subsections by name).
     */
    public List<String> keys() {
        List<String> keys = new ArrayList<>(List.of("algorithm", "seed"));
        for (LearnerParameter p : parameters) {
            String key = p.subsection() == null ? p.key() : p.subsection();
            if (!keys.contains(key)) {
                keys.add(key);
            }
        }
        return keys;
    }

    /**
     * Settings with {@code given} over the defaults (subsection keys only when given).
     *
     * @throws IllegalArgumentException naming the key if {@code given} holds one the kind lacks
     */
    public LearnerSettings settings(long seed, Map<String, Double> given) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (LearnerParameter p : parameters) {
            if (p.subsection() == null) {
                values.put(p.key(), p.defaultValue());
            }
        }
        for (Map.Entry<String, Double> entry : given.entrySet()) {
            if (parameter(entry.getKey()).isEmpty()) {
                throw new IllegalArgumentException(entry.getKey() + ": not a parameter of " + name);
            }
            values.put(entry.getKey(), entry.getValue());
        }
        return new LearnerSettings(name, seed, values);
    }
}
