package io.banditflow.core.drift;

import java.util.Arrays;

/**
 * Population stability index of a current sample C against a reference sample R (the brief's
 * definition): bins from R's deciles, open-ended at both ends and closed on the right; shares e_i
 * of R and a_i of C per bin, empty shares replaced by ε and the shares renormalised; PSI = Σ (a_i −
 * e_i) ln(a_i / e_i). By convention below 0.1 is stable, 0.1 to 0.25 a moderate shift, 0.25 and
 * above a shift.
 *
 * <p>Decile edges use linear interpolation between order statistics (Hyndman–Fan type 7). Equal
 * edges (a reference with many ties) are merged, so such a reference has fewer than ten bins.
 */
public final class PopulationStabilityIndex {
    /** The share given to an empty bin before renormalising. */
    public static final double DEFAULT_EPSILON = 1e-4;

    private PopulationStabilityIndex() {}

    public static double of(double[] reference, double[] current) {
        return of(reference, current, DEFAULT_EPSILON);
    }

    public static double of(double[] reference, double[] current, double epsilon) {
        if (reference.length == 0 || current.length == 0) {
            throw new IllegalArgumentException("both samples must be non-empty");
        }
        double[] edges = decileEdges(reference);
        double[] expected = shares(reference, edges, epsilon);
        double[] actual = shares(current, edges, epsilon);
        double psi = 0;
        for (int i = 0; i < expected.length; i++) {
            psi += (actual[i] - expected[i]) * Math.log(actual[i] / expected[i]);
        }
        return psi;
    }

    /** The distinct inner edges at the 10th, 20th, …, 90th percentiles of the reference. */
    static double[] decileEdges(double[] reference) {
        double[] sorted = reference.clone();
        Arrays.sort(sorted);
        double[] edges = new double[9];
        for (int d = 1; d <= 9; d++) {
            double position = d / 10.0 * (sorted.length - 1);
            int lower = (int) Math.floor(position);
            int upper = Math.min(lower + 1, sorted.length - 1);
            edges[d - 1] = sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
        }
        return Arrays.stream(edges).distinct().toArray();
    }

    /** Shares of a sample per bin (−∞, e_1], (e_1, e_2], …, (e_k, ∞), with ε for empty bins. */
    static double[] shares(double[] sample, double[] edges, double epsilon) {
        double[] counts = new double[edges.length + 1];
        for (double x : sample) {
            int bin = Arrays.binarySearch(edges, x);
            counts[bin >= 0 ? bin : -bin - 1]++;
        }
        double total = 0;
        for (int i = 0; i < counts.length; i++) {
            counts[i] = counts[i] == 0 ? epsilon : counts[i] / sample.length;
            total += counts[i];
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] /= total;
        }
        return counts;
    }
}
