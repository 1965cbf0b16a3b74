package io.banditflow.core.bid;

import java.util.Arrays;

/** The discrete bids (arms) a product can play, strictly increasing, in currency units. */
public final class BidGrid {
    private final double[] bids;

    public BidGrid(double[] bids) {
        if (bids.length < 2) {
            throw new IllegalArgumentException("a bid grid needs at least two bids");
        }
        for (int i = 0; i < bids.length; i++) {
            if (!Double.isFinite(bids[i]) || bids[i] <= 0) {
                throw new IllegalArgumentException("bids must be positive, got " + bids[i]);
            }
            if (i > 0 && bids[i] <= bids[i - 1]) {
                throw new IllegalArgumentException("bids must be strictly increasing");
            }
        }
        this.bids = bids.clone();
    }

    /** The field's default: 14 bids from 1 to 40 cents, finer at the low end. */
    public static BidGrid sponsoredSearchDefault() {
        return new BidGrid(
                new double[] {
                    0.01, 0.03, 0.05, 0.07, 0.09, 0.11, 0.13, 0.15, 0.18, 0.21, 0.25, 0.30, 0.35,
                    0.40
                });
    }

    public int size() {
        return bids.length;
    }

    public double bid(int arm) {
        return bids[arm];
    }

    /** The arm whose bid is closest to {@code bid} on a log scale (ties go to the lower bid). */
    public int nearestArm(double bid) {
        int best = 0;
        for (int i = 1; i < bids.length; i++) {
            if (Math.abs(Math.log(bids[i] / bid)) < Math.abs(Math.log(bids[best] / bid))) {
                best = i;
            }
        }
        return best;
    }

    /** The arm that bids exactly {@code bid} (to a relative 10⁻⁹), or −1 if none does. */
    public int armOf(double bid) {
        int arm = nearestArm(bid);
        return Math.abs(bids[arm] - bid) <= 1e-9 * bid ? arm : -1;
    }

    public double[] bids() {
        return bids.clone();
    }

    @Override
    public String toString() {
        return Arrays.toString(bids);
    }
}
