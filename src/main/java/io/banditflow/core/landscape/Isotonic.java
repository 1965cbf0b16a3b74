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
        int n = to - from + 1;
        double[] blockValue = new double[n];
        double[] blockWeight = new double[n];
        int[] blockEnd = new int[n];
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
}
