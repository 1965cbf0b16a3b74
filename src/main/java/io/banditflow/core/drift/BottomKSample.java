package io.banditflow.core.drift;

import java.util.Arrays;

/**
 * A bounded, uniform and deterministic sample: of all values offered, it keeps the {@code capacity}
 * whose keys hash lowest (bottom-k sampling). Which values are kept depends only on the keys, never
 * on arrival order or on a random generator, so every replay and every parallelism keeps the same
 * sample; and because the hash is independent of the values, the kept values are a uniform sample
 * without replacement.
 *
 * <p>Error: a KS statistic or a decile computed from a uniform sample of k values differs from the
 * one over all values by at most ε = sqrt(ln(2/δ) / (2k)) with probability 1 − δ (the
 * Dvoretzky–Kiefer–Wolfowitz inequality): for k = 256, δ = 0.01, ε ≈ 0.10 in distribution distance.
 * A POJO (public fields, no-arg constructor) for Flink state.
 */
public class BottomKSample {
    public int capacity;
    public int size;

    /** Hashes in ascending order, aligned with {@link #values}. */
    public long[] hashes;

    public double[] values;

    public BottomKSample() {}

    public BottomKSample(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.hashes = new long[0];
        this.values = new double[0];
    }

    /**
     * Offers a value under a key's hash; a hash already present is ignored, so a replayed value is
     * not counted twice.
     */
    public void offer(long hash, double value) {
        int at = Arrays.binarySearch(hashes, 0, size, hash);
        if (at >= 0) {
            return;
        }
        int insert = -at - 1;
        if (insert >= capacity) {
            return;
        }
        int newSize = Math.min(size + 1, capacity);
        long[] h = new long[newSize];
        double[] v = new double[newSize];
        System.arraycopy(hashes, 0, h, 0, insert);
        System.arraycopy(values, 0, v, 0, insert);
        h[insert] = hash;
        v[insert] = value;
        int tail = newSize - insert - 1;
        System.arraycopy(hashes, insert, h, insert + 1, tail);
        System.arraycopy(values, insert, v, insert + 1, tail);
        hashes = h;
        values = v;
        size = newSize;
    }

    /**
     * Adds another sample of the same capacity: the bottom k of the union of the values both were
     * offered, exactly — a sample per shard, merged, is the sample of all.
     */
    public void merge(BottomKSample other) {
        for (int i = 0; i < other.size; i++) {
            offer(other.hashes[i], other.values[i]);
        }
    }

    public double[] sample() {
        return Arrays.copyOf(values, size);
    }
}
