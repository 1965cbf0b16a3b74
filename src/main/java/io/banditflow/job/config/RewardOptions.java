package io.banditflow.job.config;

import static io.banditflow.job.config.ConfigOption.number;
import static io.banditflow.job.config.ConfigOption.numbers;
import static io.banditflow.job.config.ConfigOption.whole;

import java.util.List;

/** The job file's {@code reward} section (docs/algorithms.md, "Rounds, batches, rewards"). */
public final class RewardOptions {
    public static final ConfigOption<Integer> TRAFFIC_TRAILING_DAYS =
            whole(
                    "reward.trafficTrailingDays",
                    14,
                    1,
                    365,
                    "days of global traffic behind the period shares c_h");

    public static final ConfigOption<Double> TRAFFIC_MIN_SHARE =
            number("reward.trafficMinShare", 0.05, 1e-6, 1, "floor of c_h");

    public static final ConfigOption<Double> LOW_QUANTILE =
            number(
                    "reward.lowQuantile",
                    0.05,
                    0,
                    1,
                    "quantile of a product's recent profits that maps to reward 0");

    public static final ConfigOption<Double> HIGH_QUANTILE =
            number(
                    "reward.highQuantile",
                    0.95,
                    0,
                    1,
                    "quantile that maps to reward 1; above lowQuantile");

    public static final ConfigOption<double[]> INITIAL_RANGE =
            numbers(
                    "reward.initialRange",
                    new double[] {-1, 5},
                    -Double.MAX_VALUE,
                    Double.MAX_VALUE,
                    "[low, high] used until `minRounds` rounds are seen (or while the history"
                            + " has no spread)");

    public static final ConfigOption<Integer> MIN_ROUNDS =
            whole(
                    "reward.minRounds",
                    24,
                    2,
                    100_000,
                    "rounds of history before the product's own quantiles are used");

    public static final ConfigOption<Integer> HISTORY_ROUNDS =
            whole(
                    "reward.historyRounds",
                    112,
                    2,
                    100_000,
                    "rounds of profit history kept per product (exact quantiles); at least"
                            + " minRounds");

    static final List<ConfigOption<?>> ALL =
            List.of(
                    TRAFFIC_TRAILING_DAYS,
                    TRAFFIC_MIN_SHARE,
                    LOW_QUANTILE,
                    HIGH_QUANTILE,
                    INITIAL_RANGE,
                    MIN_ROUNDS,
                    HISTORY_ROUNDS);

    private RewardOptions() {}
}
