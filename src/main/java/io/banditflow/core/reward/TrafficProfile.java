package io.banditflow.core.reward;

import java.util.function.LongToDoubleFunction;

/**
 * Traffic-period normalisation: c_h = mean traffic in period h of the day / mean traffic in the
 * busiest period, over all products and a trailing window of whole days. Dividing a round's profit
 * by c_h keeps a quiet night from looking like a bad bid.
 *
 * <p>A period with no traffic at all would give c_h = 0; shares are floored at {@code minShare} so
 * the division stays finite (0 < c_h <= 1 as the contract requires).
 */
public final class TrafficProfile {
    private final int periodsPerDay;
    private final int trailingDays;
    private final double minShare;

    public TrafficProfile(int periodsPerDay, int trailingDays, double minShare) {
        if (trailingDays < 1) {
            throw new IllegalArgumentException("trailingDays must be >= 1");
        }
        if (!(minShare > 0 && minShare <= 1)) {
            throw new IllegalArgumentException("minShare must be in (0, 1]");
        }
        this.periodsPerDay = periodsPerDay;
        this.trailingDays = trailingDays;
        this.minShare = minShare;
    }

    public int trailingRounds() {
        return periodsPerDay * trailingDays;
    }

    /**
     * The shares c_h for the trailing window of whole days that ends just before {@code endRound}.
     *
     * @param endRound the first round after the window; must start a day
     * @param impressionsInRound global impressions of a round (0 if none were seen)
     */
    public double[] shares(long endRound, LongToDoubleFunction impressionsInRound) {
        double[] totals = new double[periodsPerDay];
        for (long round = endRound - trailingRounds(); round < endRound; round++) {
            totals[(int) Math.floorMod(round, (long) periodsPerDay)] +=
                    impressionsInRound.applyAsDouble(round);
        }
        double busiest = 0;
        for (double total : totals) {
            busiest = Math.max(busiest, total);
        }
        double[] shares = new double[periodsPerDay];
        for (int h = 0; h < periodsPerDay; h++) {
            // Every period has the same number of rounds in the window, so totals compare as means.
            shares[h] = busiest == 0 ? 1.0 : Math.max(minShare, totals[h] / busiest);
        }
        return shares;
    }
}
