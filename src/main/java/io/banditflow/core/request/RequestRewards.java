package io.banditflow.core.request;

/**
 * The reward X in [0, 1] of one answered request: its profit mapped linearly from the configured
 * range, X = clip((profit − low) / (high − low), 0, 1).
 *
 * <p>A fixed range rather than the rounds' quantile normalisation: a request's profit is almost
 * always 0 (no click) or minus one click's cost, so the quantiles of recent requests would put
 * every sale at the top and a click without a sale at the bottom. A linear map keeps the expected
 * reward linear in the expected profit, which is what the learners estimate.
 */
public record RequestRewards(double low, double high) implements java.io.Serializable {
    public RequestRewards {
        if (!(low < high)) {
            throw new IllegalArgumentException("the reward range needs low < high");
        }
    }

    public double reward(double profit) {
        return Math.max(0, Math.min(1, (profit - low) / (high - low)));
    }
}
