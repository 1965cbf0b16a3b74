package io.banditflow.job.config;

import static io.banditflow.job.config.ConfigOption.bool;
import static io.banditflow.job.config.ConfigOption.choice;
import static io.banditflow.job.config.ConfigOption.duration;
import static io.banditflow.job.config.ConfigOption.number;
import static io.banditflow.job.config.ConfigOption.whole;

import java.time.Duration;
import java.util.List;

/** The job file's {@code drift} section (docs/algorithms.md, "Drift"). */
public final class DriftOptions {
    public static final ConfigOption<Boolean> ENABLED =
            bool("drift.enabled", true, "run the drift monitors");

    public static final ConfigOption<Duration> REFERENCE_WINDOW =
            duration(
                    "drift.referenceWindow",
                    Duration.ofDays(14),
                    "the reference window each round's current window is compared with (whole"
                            + " rounds)");

    public static final ConfigOption<Duration> CURRENT_WINDOW =
            duration(
                    "drift.currentWindow", Duration.ofDays(1), "the current window (whole rounds)");

    public static final ConfigOption<Double> PSI_THRESHOLD =
            number(
                    "drift.psiThreshold",
                    0.25,
                    1e-9,
                    100,
                    "PSI breach: PSI at least this and at least what noise reaches with"
                            + " probability ksAlpha at the windows' sizes");

    public static final ConfigOption<Double> KS_ALPHA =
            number(
                    "drift.ksAlpha",
                    0.001,
                    1e-12,
                    0.5,
                    "KS breach: p below alpha …; also PSI's noise level");

    public static final ConfigOption<Double> KS_MIN_STATISTIC =
            number("drift.ksMinStatistic", 0.15, 0, 0.99, "… and D at least this");

    public static final ConfigOption<Integer> MIN_SAMPLES =
            whole(
                    "drift.minSamples",
                    8,
                    2,
                    1_000_000,
                    "values needed in both windows before KS judges");

    public static final ConfigOption<Integer> PSI_MIN_SAMPLES =
            whole(
                    "drift.psiMinSamples",
                    100,
                    2,
                    1_000_000,
                    "values needed in both windows before PSI judges");

    public static final ConfigOption<Integer> RECOVERY_WINDOWS =
            whole(
                    "drift.recoveryWindows",
                    8,
                    1,
                    100_000,
                    "clean evaluations in a row to leave fallback");

    public static final ConfigOption<String> ON_RECOVERY =
            choice(
                    "drift.onRecovery",
                    "keep",
                    List.of("keep", "decay", "reset"),
                    "the learner on recovery: as it was, decayed towards its start by"
                            + " recoveryDecay, or restarted");

    public static final ConfigOption<Double> RECOVERY_DECAY =
            number("drift.recoveryDecay", 0.5, 0, 1, "ρ of `decay`");

    public static final ConfigOption<Integer> GLOBAL_SAMPLES_PER_ROUND =
            whole(
                    "drift.globalSamplesPerRound",
                    256,
                    8,
                    100_000,
                    "bounded sample of product values per round for the all-products monitor");

    public static final ConfigOption<Double> MARKET_ALARM_ALPHA =
            number(
                    "drift.marketAlarmAlpha",
                    0.01,
                    1e-12,
                    1,
                    "a market-wide alarm sends a product to its baseline only when the product's own"
                            + " residuals of a metric it names had KS p below this since it began"
                            + " (docs/drift.md); 1: every product follows it");

    static final List<ConfigOption<?>> ALL =
            List.of(
                    ENABLED,
                    REFERENCE_WINDOW,
                    CURRENT_WINDOW,
                    PSI_THRESHOLD,
                    KS_ALPHA,
                    KS_MIN_STATISTIC,
                    MIN_SAMPLES,
                    PSI_MIN_SAMPLES,
                    RECOVERY_WINDOWS,
                    ON_RECOVERY,
                    RECOVERY_DECAY,
                    GLOBAL_SAMPLES_PER_ROUND,
                    MARKET_ALARM_ALPHA);

    private DriftOptions() {}
}
