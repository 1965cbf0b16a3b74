package io.banditflow.job.config;

import static io.banditflow.job.config.ConfigOption.number;
import static io.banditflow.job.config.ConfigOption.whole;

import java.util.List;

/** The job file's {@code guardrails} section: what no learner may do. */
public final class GuardrailOptions {
    private static final double NONE = Double.POSITIVE_INFINITY;

    public static final ConfigOption<Double> MIN_BID =
            number(
                            "guardrails.bidBounds.min",
                            0,
                            0,
                            Double.MAX_VALUE,
                            "the lowest bid any product plays")
                    .withDefaultText("the whole grid");

    public static final ConfigOption<Double> MAX_BID =
            number("guardrails.bidBounds.max", NONE, 0, NONE, "the highest; at least min")
                    .withDefaultText("the whole grid");

    public static final ConfigOption<Double> PRODUCT_MIN_BID =
            number(
                            "guardrails.products.<id>.min",
                            0,
                            0,
                            Double.MAX_VALUE,
                            "a product's own lowest bid")
                    .withDefaultText("none");

    public static final ConfigOption<Double> PRODUCT_MAX_BID =
            number("guardrails.products.<id>.max", NONE, 0, NONE, "a product's own highest bid")
                    .withDefaultText("none");

    public static final ConfigOption<Double> PRODUCT_DAILY_SPEND_CAP =
            number(
                            "guardrails.productDailySpendCap",
                            NONE,
                            0,
                            NONE,
                            "a product's spend per UTC day after which it bids the floor until the"
                                    + " day ends")
                    .withDefaultText("none");

    public static final ConfigOption<Double> DAILY_SPEND_CAP =
            number(
                            "guardrails.dailySpendCap",
                            NONE,
                            0,
                            NONE,
                            "the same over all products; throttled before it is reached unless"
                                    + " `pacing` paces `value-landscape` (docs/drift.md)")
                    .withDefaultText("none");

    public static final ConfigOption<Double> CPC_SPIKE_FACTOR =
            number(
                            "guardrails.cpcSpike.factor",
                            3,
                            1,
                            1_000,
                            "a round whose CPC exceeds factor × the median of the product's recent"
                                    + " rounds leaves bids above the baseline out of the next"
                                    + " decisions")
                    .withDefaultText("off; `3` when `cpcSpike` is written");

    public static final ConfigOption<Integer> CPC_SPIKE_TRAILING_ROUNDS =
            whole(
                    "guardrails.cpcSpike.trailingRounds",
                    56,
                    2,
                    100_000,
                    "recent rounds behind the median");

    public static final ConfigOption<Integer> CPC_SPIKE_MIN_CLICKS =
            whole(
                    "guardrails.cpcSpike.minClicks",
                    3,
                    1,
                    1_000_000,
                    "clicks a round needs to count");

    public static final ConfigOption<Integer> CPC_SPIKE_MIN_ROUNDS =
            whole(
                    "guardrails.cpcSpike.minRounds",
                    8,
                    1,
                    100_000,
                    "counted rounds needed before a spike is judged");

    public static final ConfigOption<Double> EXPLORATION_SHARE =
            number(
                    "guardrails.explorationShare",
                    1,
                    0,
                    1,
                    "the share of a product's spend today that may go to bids other than the"
                            + " learner's current best; once reached it bids its best (mode"
                            + " `EXPLOITING`) until the UTC day ends. In requests mode the share"
                            + " is of the day's clicks joined to answered requests. 1: no cap");

    static final List<ConfigOption<?>> ALL =
            List.of(
                    MIN_BID,
                    MAX_BID,
                    PRODUCT_MIN_BID,
                    PRODUCT_MAX_BID,
                    PRODUCT_DAILY_SPEND_CAP,
                    DAILY_SPEND_CAP,
                    CPC_SPIKE_FACTOR,
                    CPC_SPIKE_TRAILING_ROUNDS,
                    CPC_SPIKE_MIN_CLICKS,
                    CPC_SPIKE_MIN_ROUNDS,
                    EXPLORATION_SHARE);

    private GuardrailOptions() {}
}
