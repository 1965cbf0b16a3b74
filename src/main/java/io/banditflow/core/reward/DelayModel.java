package io.banditflow.core.reward;

/**
 * How late conversions come, as a histogram of the delays from click to conversion over the
 * attribution window in {@link #BINS} equal bins: G(a), the share of the conversions (within the
 * window) that have arrived a time a after their click, linear within a bin. Exact to a bin and
 * deterministic; the bins are sums, so the histograms of many products (and subtasks) merge by
 * adding them.
 *
 * <p>A learner uses it to count a click younger than the window (Chapelle, "Modeling delayed
 * feedback in display advertising", KDD 2014): of a click of age a, a share G(a) of its eventual
 * conversions has arrived, so against the conversions arrived so far it counts as G(a) clicks.
 */
public final class DelayModel {
    /** Bins over the attribution window: an hour each for a two-day window. */
    public static final int BINS = 48;

    /** Points at which a round's clicks are placed, evenly over the round, to average G. */
    private static final int CLICK_POINTS = 12;

    private final long windowMillis;
    private final double[] bins;
    private final double total;

    private DelayModel(long windowMillis, double[] bins, double total) {
        this.windowMillis = windowMillis;
        this.bins = bins;
        this.total = total;
    }

    /**
     * The model of a histogram of delays, or null while it counts fewer than {@code
     * minConversions}.
     *
     * @param bins delays counted per bin, each bin {@code windowMillis / bins.length} wide
     */
    public static DelayModel of(long windowMillis, double[] bins, double minConversions) {
        if (windowMillis <= 0 || bins == null || bins.length == 0) {
            return null;
        }
        double total = 0;
        for (double n : bins) {
            total += n;
        }
        return total >= Math.max(minConversions, 1e-9)
                ? new DelayModel(windowMillis, bins.clone(), total)
                : null;
    }

    /** The bin of a delay among {@link #BINS} over the window; delays past it in the last. */
    public static int binOf(long delayMillis, long windowMillis) {
        return binOf(delayMillis, windowMillis, BINS);
    }

    static int binOf(long delayMillis, long windowMillis, int binCount) {
        long clamped = Math.min(windowMillis - 1, Math.max(0, delayMillis));
        return (int) (clamped * binCount / windowMillis);
    }

    /** Adds {@code delays} to a histogram of {@link #BINS} bins (a new one when null). */
    public static double[] add(double[] bins, long[] delays, long windowMillis) {
        double[] sums = bins == null ? new double[BINS] : bins;
        if (delays != null) {
            for (long delay : delays) {
                sums[binOf(delay, windowMillis)]++;
            }
        }
        return sums;
    }

    /** Conversions counted. */
    public double conversions() {
        return total;
    }

    /** G(age): the share of conversions arrived {@code ageMillis} after their click. */
    public double arrivedShare(long ageMillis) {
        if (ageMillis >= windowMillis) {
            return 1;
        }
        if (ageMillis <= 0) {
            return 0;
        }
        double position = (double) ageMillis * bins.length / windowMillis;
        int bin = (int) position;
        double before = 0;
        for (int i = 0; i < bin; i++) {
            before += bins[i];
        }
        return (before + (position - bin) * bins[bin]) / total;
    }

    /**
     * The share of a round's conversions arrived by {@code now}, its clicks spread evenly over the
     * round [start, end): G averaged over the clicks' ages.
     */
    public double arrivedShare(long roundStart, long roundEnd, long now) {
        if (now < roundEnd - 1) {
            throw new IllegalArgumentException("the round has not ended at " + now);
        }
        double sum = 0;
        double width = (double) (roundEnd - roundStart) / CLICK_POINTS;
        for (int i = 0; i < CLICK_POINTS; i++) {
            long click = roundStart + (long) ((i + 0.5) * width);
            sum += arrivedShare(now - click);
        }
        return sum / CLICK_POINTS;
    }
}
