package io.banditflow.core.eval;

/** The policy under evaluation: π(a | position), the probability it shows action a in a slot. */
@FunctionalInterface
public interface ActionDistribution {
    double probability(int action, int position);
}
