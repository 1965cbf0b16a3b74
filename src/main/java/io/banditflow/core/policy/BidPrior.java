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
    /** The learner parameter of b_0 (its {@code prior} subsection is optional). */
    public static final String BID = "prior.bid";

    /** The learner parameter of κ. */
    public static final String CONCENTRATION = "prior.concentration";

    /** The prior's parameters, as the EXP3 family declares them. */
    static final java.util.List<LearnerParameter> PARAMETERS =
            java.util.List.of(
                    LearnerParameter.number(
                            BID,
                            Double.NaN,
                            1e-9,
                            Double.MAX_VALUE,
                            "b₀: start near this bid, P_i ∝ exp(−κ·|ln(b_i/b₀)|); required with"
                                    + " `prior`"),
                    LearnerParameter.number(
                            CONCENTRATION,
                            4,
                            0,
                            1_000,
                            "κ ≥ 0 of the prior; 0 is the uniform start"));

    /** The prior the settings name, or null for the uniform start. */
    static BidPrior of(LearnerSettings settings) {
        return settings.has(BID) && settings.get(CONCENTRATION) > 0
                ? new BidPrior(settings.get(BID), settings.get(CONCENTRATION))
                : null;
    }

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
