package io.banditflow.core.policy;

/** How a decision's propensities were obtained. Stable names: part of the decision schema. */
public enum PropensityMethod {
    /** In closed form: EXP3, ε-greedy, LinUCB's argmax, every fixed bid. */
    EXACT,
    /** By numerical integration (linear Thompson sampling); the error is the quadrature's. */
    QUADRATURE,
    /** From further posterior draws (Beta Thompson sampling); the error is a standard error. */
    MONTE_CARLO
}
