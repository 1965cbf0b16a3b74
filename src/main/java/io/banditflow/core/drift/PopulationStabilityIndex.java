package io.banditflow.core.drift;

import java.util.Arrays;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

/**
 * Population stability index of a current sample C against a reference sample R (the brief's
 * definition): bins from R's deciles, open-ended at both ends and closed on the right; shares e_i
 * of R and a_i of C per bin, empty shares replaced by ε and the shares renormalised; PSI = Σ (a_i −
 * e_i) ln(a_i / e_i). A bin empty in both samples is left out: it carries no information, and its ε
 * would only change the others' shares. By convention below 0.1 is stable, 0.1 to 0.25 a moderate
 * shift, 0.25 and above a shift.
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

    /**
     * PSI with the number of bins it was summed over (bins empty in both samples left out, merged
     * edges of a reference with ties counted once).
     */
    public record Result(double psi, int bins) {}

    /**
     * The PSI that sampling noise alone exceeds with probability {@code alpha} between two samples
     * of n and m values from one distribution, over {@code bins} bins: to second order PSI is the
     * χ² divergence of the shares, and each share's error has variance about e_i(1/n + 1/m) (the
     * reference's deciles are themselves drawn), so PSI ≈ (1/n + 1/m) · χ²(bins − 1). At 100
     * against 100 values over ten bins its mean is 0.18, and it exceeds 0.25 about one time in five
     * (DriftStatisticsTest measures it); a breach at PSI's conventional threshold would then say
     * little. 0 with fewer than two bins (PSI is 0 then).
     */
    public static double noiseLevel(int bins, int n, int m, double alpha) {
        if (bins < 2) {
            return 0;
        }
        return ChiSquaredDistribution.of(bins - 1).inverseSurvivalProbability(alpha)
                * (1.0 / n + 1.0 / m);
    }

    public static double of(double[] reference, double[] current, double epsilon) {
        return evaluate(reference, current, epsilon).psi();
    }

    public static Result evaluate(double[] reference, double[] current) {
        return evaluate(reference, current, DEFAULT_EPSILON);
    }

    public static Result evaluate(double[] reference, double[] current, double epsilon) {
        if (reference.length == 0 || current.length == 0) {
            throw new IllegalArgumentException("both samples must be non-empty");
        }
        double[] edges = decileEdges(reference);
        double[] referenceCounts = counts(reference, edges);
        double[] currentCounts = counts(current, edges);
        boolean[] used = new boolean[referenceCounts.length];
        for (int i = 0; i < used.length; i++) {
            // a bin empty in both windows says nothing; with ε in both it would only shrink the
            // other bins' shares by the renormalisation, and so change PSI (issue 21)
            used[i] = referenceCounts[i] > 0 || currentCounts[i] > 0;
        }
        double[] expected = shares(referenceCounts, reference.length, used, epsilon);
        double[] actual = shares(currentCounts, current.length, used, epsilon);
        double psi = 0;
        int bins = 0;
        for (int i = 0; i < expected.length; i++) {
            if (used[i]) {
                psi += (actual[i] - expected[i]) * Math.log(actual[i] / expected[i]);
                bins++;
            }
        }
        return new Result(psi, bins);
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
        double[] counts = counts(sample, edges);
        boolean[] used = new boolean[counts.length];
        Arrays.fill(used, true);
        return shares(counts, sample.length, used, epsilon);
    }

    /** A sample's count per bin (−∞, e_1], (e_1, e_2], …, (e_k, ∞). */
    private static double[] counts(double[] sample, double[] edges) {
        double[] counts = new double[edges.length + 1];
        for (double x : sample) {
            int bin = Arrays.binarySearch(edges, x);
            counts[bin >= 0 ? bin : -bin - 1]++;
        }
        return counts;
    }

    /** Shares of the bins in use, ε for an empty one, renormalised over them; 0 elsewhere. */
    private static double[] shares(double[] counts, int size, boolean[] used, double epsilon) {
        double[] shares = new double[counts.length];
        double total = 0;
        for (int i = 0; i < counts.length; i++) {
            if (used[i]) {
                shares[i] = counts[i] == 0 ? epsilon : counts[i] / size;
                total += shares[i];
            }
        }
        for (int i = 0; i < shares.length; i++) {
            shares[i] /= total;
        }
        return shares;
    }
}
