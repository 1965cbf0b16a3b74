package io.banditflow.core.util;

/** Sums that old evidence is discounted in: learners' and pools' forgetting. */
public final class Discounting {
    private Discounting() {}

    /**
     * {@code sum · factor}, or 0 once it is below the smallest normal double. A sum discounted
     * forever does not reach 0 by itself: the smallest subnormal times 0.99 rounds back to itself,
     * and arithmetic on subnormals is many times slower (JMH's landscape update benchmark,
     * repeating one batch, ran 4–6× slower on a bid it no longer played; docs/benchmarks.md).
     */
    public static double discounted(double sum, double factor) {
        double now = sum * factor;
        return Math.abs(now) < Double.MIN_NORMAL ? 0 : now;
    }
}
