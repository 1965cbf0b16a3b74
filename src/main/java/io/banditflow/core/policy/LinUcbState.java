package io.banditflow.core.policy;

/**
 * What a disjoint LinUCB learner has learned, per arm: A (d×d, row-major), its inverse, and b (d).
 * Plain arrays in a POJO, so that Flink stores them with its fast primitive-array serializers and
 * the state can evolve; EJML only ever sees views over these arrays.
 */
public class LinUcbState {
    public double[][] a;
    public double[][] aInverse;
    public double[][] b;

    /** Updates per arm since its inverse was last recomputed from A. */
    public int[] sinceRefactor;
}
