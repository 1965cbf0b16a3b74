package io.banditflow.job.config;

import static io.banditflow.job.config.ConfigOption.duration;
import static io.banditflow.job.config.ConfigOption.whole;

import java.time.Duration;
import java.util.List;

/** The job file's {@code time} section: rounds, batches and the event-time tolerances. */
public final class TimeOptions {
    public static final ConfigOption<Duration> ROUND =
            duration("time.round", Duration.ofHours(3), "round length; must divide a day");

    public static final ConfigOption<Integer> ROUNDS_PER_BATCH =
            whole("time.roundsPerBatch", 8, 1, 10_000, "rounds per batch update");

    public static final ConfigOption<Duration> ATTRIBUTION_WINDOW =
            duration(
                    "time.attributionWindow",
                    Duration.ofDays(2),
                    "how long after a click a sale still counts; the round window's allowed"
                            + " lateness. `value-landscape` learns a batch whole after it, and"
                            + " from its sales so far once it is `time.maturity` old");

    public static final ConfigOption<Duration> MATURITY =
            duration(
                    "time.maturity",
                    Duration.ofDays(2),
                    "how old a batch is when what has arrived counts as its evidence: its"
                            + " rounds join their population's value per click, `value-landscape`"
                            + " trusts its bids and, until the category's delays are known from"
                            + " final batches, counts its clicks whole against the sales so far;"
                            + " the later sales join when final. Capped at"
                            + " `time.attributionWindow` (docs/learners.md, \"Attribution windows"
                            + " longer than two days\")");

    public static final ConfigOption<Duration> DECISION_LEAD =
            duration(
                    "time.decisionLead",
                    Duration.ofMinutes(10),
                    "decisions are made this long before their round starts");

    public static final ConfigOption<Duration> MAX_OUT_OF_ORDERNESS =
            duration(
                    "time.maxOutOfOrderness", Duration.ofMinutes(5), "watermark bound, per source");

    public static final ConfigOption<Duration> SOURCE_IDLENESS =
            duration(
                    "time.sourceIdleness",
                    Duration.ofMinutes(5),
                    "a source silent this long (wall time) stops holding back the watermark");

    public static final ConfigOption<Duration> MAX_FUTURE_SKEW =
            duration(
                    "time.maxFutureSkew",
                    Duration.ofHours(1),
                    "later event times are dead letters");

    public static final ConfigOption<Duration> INACTIVITY_TIMEOUT =
            duration(
                    "time.inactivityTimeout",
                    Duration.ofDays(7),
                    "a product without events this long gets a last decision at the baseline bid"
                            + " (mode `INACTIVE`) and no more until its next event, unless the"
                            + " catalog lists it ACTIVE; at least one round");

    static final List<ConfigOption<?>> ALL =
            List.of(
                    ROUND,
                    ROUNDS_PER_BATCH,
                    ATTRIBUTION_WINDOW,
                    MATURITY,
                    DECISION_LEAD,
                    MAX_OUT_OF_ORDERNESS,
                    SOURCE_IDLENESS,
                    MAX_FUTURE_SKEW,
                    INACTIVITY_TIMEOUT);

    private TimeOptions() {}
}
