package io.banditflow.core.reward;

import java.util.Arrays;

/**
 * A product's recent traffic-normalised round profits: a ring of the last {@code capacity} values.
 * A plain POJO so that Flink stores it with its POJO serializer (a float array and two ints).
 *
 * <p>Exact quantiles of a bounded window, rather than a randomised sketch: KLL-style compaction
 * draws from an unseeded random source, which would make two replays of the same input learn
 * different ranges. A window also lets the range follow a moving market.
 */
public class ProfitHistory {
    public float[] values;
    public int size;
    public int next;

    public ProfitHistory() {}

    public ProfitHistory(int capacity) {
        this.values = new float[capacity];
    }

    public void add(double value) {
        values[next] = (float) value;
        next = (next + 1) % values.length;
        size = Math.min(size + 1, values.length);
    }

    /** Quantile with linear interpolation between order statistics (Hyndman–Fan type 7). */
    public double quantile(double q) {
        if (size == 0) {
            throw new IllegalStateException("no values");
        }
        float[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        double position = q * (size - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(lower + 1, size - 1);
        double fraction = position - lower;
        return sorted[lower] + fraction * (sorted[upper] - sorted[lower]);
    }
}
