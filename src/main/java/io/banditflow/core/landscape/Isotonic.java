package io.banditflow.core.landscape;

/**
 * Weighted isotonic regression (pool adjacent violators): the non-decreasing sequence closest to
 * the given values in weighted least squares. A bid landscape is non-decreasing in the bid (a
 * higher bid wins at least the auctions a lower one wins, and pays at least as much per click on
 * average), so each posterior draw is projected onto that shape, and a bid with little evidence (a
 * small weight) takes its value from its neighbours.
 */
public final class Isotonic {
    private Isotonic() {}

    /**
     * Replaces {@code values[from..to]} by their weighted isotonic fit, in place.
     *
     * @param weights positive weights, aligned with {@code values}
     */
    public static void nonDecreasing(double[] values, double[] weights, int from, int to) {
        new Fit(to - from + 1).nonDecreasing(values, weights, from, to);
    }

    /**
     * Fits of up to a given length with their working arrays made once: a decision projects two
     * curves per landscape draw, 128 fits, and allocating per fit was most of a decision's time
     * (JFR of the throughput benchmark, docs/benchmarks.md).
     */
    public static final class Fit {
        private final double[] blockValue;
        private final double[] blockWeight;
        private final int[] blockEnd;

        public Fit(int maxLength) {
            blockValue = new double[maxLength];
            blockWeight = new double[maxLength];
            blockEnd = new int[maxLength];
        }

        /** {@link Isotonic#nonDecreasing}, for {@code to - from + 1} at most the fit's length. */
        public void nonDecreasing(double[] values, double[] weights, int from, int to) {
            if (isNonDecreasing(values, from, to)) {
                return; // the fit of a non-decreasing sequence is itself
            }
            int blocks = 0;
            for (int i = from; i <= to; i++) {
                blockValue[blocks] = values[i];
                blockWeight[blocks] = weights[i];
                blockEnd[blocks] = i;
                blocks++;
                while (blocks > 1 && blockValue[blocks - 2] > blockValue[blocks - 1]) {
                    double w = blockWeight[blocks - 2] + blockWeight[blocks - 1];
                    blockValue[blocks - 2] =
                            (blockValue[blocks - 2] * blockWeight[blocks - 2]
                                            + blockValue[blocks - 1] * blockWeight[blocks - 1])
                                    / w;
                    blockWeight[blocks - 2] = w;
                    blockEnd[blocks - 2] = blockEnd[blocks - 1];
                    blocks--;
                }
            }
            int start = from;
            for (int b = 0; b < blocks; b++) {
                for (int i = start; i <= blockEnd[b]; i++) {
                    values[i] = blockValue[b];
                }
                start = blockEnd[b] + 1;
            }
        }

        private static boolean isNonDecreasing(double[] values, int from, int to) {
            for (int i = from; i < to; i++) {
                if (values[i] > values[i + 1]) {
                    return false;
                }
            }
            return true;
        }
    }
}
