package io.banditflow.core.drift;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a product's own recent market does not explain: each round's value of a metric against the
 * reference window's rounds at the same bid b — the reference's model of the metric at each bid, as
 * the landscape learner's is of clicks and cost at each bid. A round's score is its deviation from
 * the bid's traffic-weighted mean, scaled by the square root of the traffic it stands for, (x −
 * μ_b)·√w (a ratio over w impressions or clicks varies as 1/w, so a round that won little traffic
 * is not an outlier for that alone); its residual is the score's rank among the reference rounds'
 * scores at b, the probability integral transform centred: u − ½ with u = (#below + ½ #equal) / n,
 * in [−½, ½]. A learner that moves its bid from 0.11 to 0.15 changes its cost per click and the
 * impressions it wins, but not its residuals: rounds at 0.15 are ranked among the reference's
 * rounds at 0.15. A market that moves pushes the ranks up or down at every bid.
 *
 * <p>Ranks, not standardised values: under a stable market u is uniform whatever the metric's
 * shape, its tails or a bid's number of reference rounds, so residuals of products and bids of any
 * size pool into one distribution that does not change as a learner's models mature. Standardised
 * residuals, (x − μ_b) / σ_b, were tried first and measured worse: against a few rounds σ_b is
 * noisy and the residuals heavy-tailed, so the market-wide monitor saw their spread narrow as the
 * learners' bids settled and fell back on CTR six times in the demo. Rounds with the same value (a
 * round without a click) get the same rank in and out of the reference, so ties do not look like
 * drift.
 *
 * <p>A bid with fewer than {@link #MIN_ROUNDS_PER_BID} reference rounds has no model yet: its
 * rounds give no residual (the monitor counts them as data it cannot judge, never as drift), so a
 * learner that tries a new bid does not alarm the monitors with it. Metrics that do not depend on
 * the bid ({@link DriftMetric#dependsOnBid}) are ranked among all the reference's rounds.
 */
public final class BidResiduals {
    /** Reference rounds a bid needs before its rounds are judged: a day's. */
    public static final int MIN_ROUNDS_PER_BID = 8;

    /** The group of rounds whose bid is not known or does not matter. */
    private static final double ANY_BID = Double.NaN;

    private final boolean byBid;

    /** Per bid group: its reference rounds' scores, ascending. */
    private final Map<Double, double[]> sorted;

    /** Per bid group: its traffic-weighted mean. */
    private final Map<Double, Double> means;

    private BidResiduals(boolean byBid, Map<Double, double[]> sorted, Map<Double, Double> means) {
        this.byBid = byBid;
        this.sorted = sorted;
        this.means = means;
    }

    /** The model of a metric's reference rounds: per bid when {@code byBid}, else one group. */
    public static BidResiduals fit(BidValues reference, boolean byBid) {
        Map<Double, List<Integer>> groups = new HashMap<>();
        for (int i = 0; i < reference.size(); i++) {
            groups.computeIfAbsent(groupOf(reference, i, byBid), b -> new ArrayList<>()).add(i);
        }
        Map<Double, double[]> sorted = new HashMap<>();
        Map<Double, Double> means = new HashMap<>();
        groups.forEach(
                (bid, rounds) -> {
                    if (rounds.size() < MIN_ROUNDS_PER_BID) {
                        return;
                    }
                    double weighted = 0;
                    double total = 0;
                    for (int i : rounds) {
                        weighted += reference.values()[i] * reference.weight(i);
                        total += reference.weight(i);
                    }
                    double mean = total > 0 ? weighted / total : 0;
                    double[] scores = new double[rounds.size()];
                    for (int k = 0; k < scores.length; k++) {
                        int i = rounds.get(k);
                        scores[k] = score(reference.values()[i], mean, reference.weight(i));
                    }
                    Arrays.sort(scores);
                    sorted.put(bid, scores);
                    means.put(bid, mean);
                });
        return new BidResiduals(byBid, sorted, means);
    }

    private static double score(double value, double mean, double weight) {
        return (value - mean) * Math.sqrt(weight);
    }

    /** The residual of one round's value of weight 1 at {@code bid}, NaN when it has no model. */
    public double residual(double value, double bid) {
        return residual(value, bid, 1);
    }

    /**
     * The residual of one round's value at {@code bid}, standing for {@code weight} of traffic, or
     * NaN when its bid has no model.
     */
    public double residual(double value, double bid, double weight) {
        Double group = byBid && !Double.isNaN(bid) ? bid : ANY_BID;
        double[] scores = sorted.get(group);
        if (scores == null) {
            return Double.NaN;
        }
        double score = score(value, means.get(group), weight);
        int below = firstIndexAtLeast(scores, score);
        int equal = firstIndexAtLeast(scores, Math.nextUp(score)) - below;
        return (below + 0.5 * equal) / scores.length - 0.5;
    }

    /**
     * The residuals of the values whose bid has a model, in order: of the current window's rounds,
     * and of the reference's own.
     */
    public double[] residuals(BidValues values) {
        double[] out = new double[values.size()];
        int n = 0;
        for (int i = 0; i < values.size(); i++) {
            double r = residual(values.values()[i], bidOf(values, i), values.weight(i));
            if (!Double.isNaN(r)) {
                out[n++] = r;
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static int firstIndexAtLeast(double[] ascending, double value) {
        int low = 0;
        int high = ascending.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (ascending[mid] < value) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private static double groupOf(BidValues values, int i, boolean byBid) {
        return byBid ? bidOf(values, i) : ANY_BID;
    }

    private static double bidOf(BidValues values, int i) {
        return values.bids() == null ? ANY_BID : values.bids()[i];
    }
}
