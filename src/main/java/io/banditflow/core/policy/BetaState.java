package io.banditflow.core.policy;

/** Beta posteriors per arm of {@link BetaThompson}. A POJO of plain arrays, for Flink state. */
public class BetaState {
    public double[] alpha;
    public double[] beta;
}
