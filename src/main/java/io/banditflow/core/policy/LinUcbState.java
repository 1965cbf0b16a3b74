package io.banditflow.core.policy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What a disjoint LinUCB learner has learned, per arm: the Cholesky factor L of A = LLᵀ (its lower
 * triangle, packed row by row: d(d + 1)/2 numbers) and b (d numbers). Plain arrays in a POJO, so
 * that Flink stores them with its primitive-array serializers and the state can evolve.
 *
 * <p>Why the factor: a decision needs A⁻¹x and A⁻¹b, two triangular solves with L, and an update is
 * a rank-one update of L. The factor is a quarter of the numbers of the A and A⁻¹ pair kept before
 * (14 arms, d = 16: 17 KB instead of 60 KB, read by every decision and written by every update),
 * and exact: no inverse maintained by Sherman–Morrison to drift and be recomputed.
 */
@JsonIgnoreProperties({"aInverse", "sinceRefactor"}) // in `state export` lines of that format
public class LinUcbState {
    public double[][] factor;
    public double[][] b;

    /**
     * A itself (row-major), as savepoints before the factor held it; read once into {@link #factor}
     * and cleared.
     */
    public double[][] a;
}
