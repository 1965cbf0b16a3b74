package io.banditflow.core.policy;

import io.banditflow.core.bid.BidGrid;

/**
 * A conservative start: before any feedback, the policy concentrates around the bid the business
 * already plays, P_i ∝ exp(−κ |ln(b_i / b_0)|) before uniform mixing, instead of spreading evenly
 * over the whole grid. Implemented as initial EXP3 scores S_i = −(κ / η) |ln(b_i / b_0)|, so the
 * update rule is unchanged and evidence moves the policy away from the prior as usual.
 *
 * @param bid b_0, the bid played before learning (the baseline)
 * @param concentration κ >= 0; 0 is the uniform start
 */
public record BidPrior(double bid, double concentration) {
    public BidPrior {
        if (!(bid > 0) || !(concentration >= 0) || !Double.isFinite(concentration)) {
            throw new IllegalArgumentException("need bid > 0 and concentration >= 0");
        }
    }

    public double[] initialScores(BidGrid grid, double learningRate) {
        double[] scores = new double[grid.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = -concentration / learningRate * Math.abs(Math.log(grid.bid(i) / bid));
        }
        return scores;
    }
}
