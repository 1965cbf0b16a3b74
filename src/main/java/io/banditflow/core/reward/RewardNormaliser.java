package io.banditflow.core.reward;

/**
 * Min–max normalisation of traffic-normalised profit into a reward X in [0, 1]: X = clip((profit /
 * c_h − q_low) / (q_high − q_low), 0, 1), where q_low and q_high are quantiles (by default the 5th
 * and 95th) of the product's recent normalised profits.
 *
 * <p>Until a product has {@code minRounds} rounds of history, or while its history has no spread
 * (all rounds equal, typical of products without traffic), the configured range is used instead.
 */
public final class RewardNormaliser {
    private final double lowQuantile;
    private final double highQuantile;
    private final double configuredLow;
    private final double configuredHigh;
    private final int minRounds;
    private final int historyRounds;

    public RewardNormaliser(
            double lowQuantile,
            double highQuantile,
            double configuredLow,
            double configuredHigh,
            int minRounds,
            int historyRounds) {
        if (!(0 <= lowQuantile && lowQuantile < highQuantile && highQuantile <= 1)) {
            throw new IllegalArgumentException("need 0 <= lowQuantile < highQuantile <= 1");
        }
        if (!(configuredLow < configuredHigh)) {
            throw new IllegalArgumentException("configured range must have low < high");
        }
        if (minRounds < 2 || historyRounds < minRounds) {
            throw new IllegalArgumentException("need 2 <= minRounds <= historyRounds");
        }
        this.lowQuantile = lowQuantile;
        this.highQuantile = highQuantile;
        this.configuredLow = configuredLow;
        this.configuredHigh = configuredHigh;
        this.minRounds = minRounds;
        this.historyRounds = historyRounds;
    }

    public ProfitHistory newHistory() {
        return new ProfitHistory(historyRounds);
    }

    /** The [low, high] range that the history gives, or the configured one. */
    public double[] range(ProfitHistory history) {
        if (history.size >= minRounds) {
            double low = history.quantile(lowQuantile);
            double high = history.quantile(highQuantile);
            if (high - low > 1e-9) {
                return new double[] {low, high};
            }
        }
        return new double[] {configuredLow, configuredHigh};
    }

    public static double reward(double normalisedProfit, double[] range) {
        double x = (normalisedProfit - range[0]) / (range[1] - range[0]);
        return Math.max(0, Math.min(1, x));
    }
}
