package io.banditflow.job.config;

import static io.banditflow.job.config.ConfigOption.choice;
import static io.banditflow.job.config.ConfigOption.duration;
import static io.banditflow.job.config.ConfigOption.number;
import static io.banditflow.job.config.ConfigOption.numbers;
import static io.banditflow.job.config.ConfigOption.section;
import static io.banditflow.job.config.ConfigOption.text;
import static io.banditflow.job.config.ConfigOption.texts;

import io.banditflow.core.bid.BidGrid;
import io.banditflow.core.policy.LearnerKinds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Every key of a job file, in the README's order: the sections with options of their own ({@link
 * KafkaOptions}, {@link TimeOptions}, {@link RewardOptions}, {@link DriftOptions}, {@link
 * GuardrailOptions}) and the small ones declared here. A learner's parameters are declared with the
 * learner ({@code core.policy.LearnerKind}).
 */
public final class JobOptions {
    public static final ConfigOption<String> NAME =
            text(
                    "name",
                    null,
                    "job name (letters, digits, `. _ -`); part of every decision id, transactional"
                            + " id and consumer group");

    public static final ConfigOption<double[]> BID_GRID =
            numbers(
                            "bids.grid",
                            BidGrid.sponsoredSearchDefault().bids(),
                            1e-9,
                            Double.MAX_VALUE,
                            "the arms, strictly increasing")
                    .withDefaultText("14 bids, 0.01 … 0.40");

    public static final ConfigOption<Double> BASELINE_BID =
            number(
                            "baseline.bid",
                            Double.NaN,
                            1e-9,
                            Double.MAX_VALUE,
                            "the safe bid of fallback and kill switch (the nearest grid bid is"
                                    + " played)")
                    .withDefaultText("the learner's prior bid, else the grid's median");

    public static final ConfigOption<String> ALGORITHM =
            choice(
                    "learner.algorithm",
                    LearnerKinds.DEFAULT.name(),
                    LearnerKinds.names(),
                    "the learner (table below); each takes only its own parameters, any other is"
                            + " an error");

    public static final ConfigOption<Long> SEED =
            ConfigOption.whole64(
                    "learner.seed", 0, "seed of every decision's draw (all algorithms)");

    public static final ConfigOption<List<String>> PRICE_BANDS =
            texts(
                    "context.priceBands",
                    List.of("low", "mid", "high"),
                    "the catalog's price bands, lowest first: the price-band feature of the"
                            + " context");

    public static final ConfigOption<Void> REQUESTS =
            section(
                    "requests",
                    "absent: one decision per round",
                    "present: requests mode, every request answered at once and learned from"
                            + " (round decisions stop)");

    public static final ConfigOption<List<String>> REQUEST_SEGMENTS =
            texts(
                            "requests.segments",
                            List.of(),
                            "user segments with a context feature each; others count as unknown")
                    .withDefaultText("none");

    public static final ConfigOption<List<String>> REQUEST_FEATURES =
            texts(
                            "requests.features",
                            List.of(),
                            "the request's numeric features the learner sees, in order (scale them"
                                    + " to [−1, 1])")
                    .withDefaultText("none");

    public static final ConfigOption<double[]> REQUEST_REWARD_RANGE =
            numbers(
                            "requests.rewardRange",
                            null,
                            -Double.MAX_VALUE,
                            Double.MAX_VALUE,
                            "[low, high]: profit per request mapped to rewards 0 … 1")
                    .withDefaultText("[−highest bid, reward.initialRange high]");

    public static final ConfigOption<Duration> REQUEST_BUFFER_TIMEOUT =
            duration(
                    "requests.bufferTimeout",
                    Duration.ofMillis(5),
                    "longest an answer waits in a network buffer (Flink's buffer timeout on the"
                            + " request path); at most 1s");

    public static final ConfigOption<String> POOLING =
            choice(
                    "coldStart.pooling",
                    "none",
                    List.of("none", "category"),
                    "`category`: a new product's learner starts from the pooled evidence of its"
                            + " catalog category instead of from scratch (needs"
                            + " `kafka.topics.catalog`; rounds mode only)."
                            + " [docs/learners.md](docs/learners.md#cold-start-from-the-category)");

    public static final ConfigOption<Duration> POOLING_HALF_LIFE =
            duration(
                    "coldStart.halfLife",
                    Duration.ofDays(14),
                    "after how long a category's pooled evidence weighs half; at least one round");

    public static final ConfigOption<Double> POOLING_STRENGTH =
            number(
                    "coldStart.strength",
                    48,
                    1,
                    1_000_000,
                    "rounds per bid the pooled prior stands for: a new product's own feedback"
                            + " outweighs it after about that many rounds");

    public static final ConfigOption<Void> PACING =
            section(
                    "pacing",
                    "absent: no pacing",
                    "present: pace all products to `guardrails.dailySpendCap` (then required;"
                            + " rounds mode). After every round λ ← max(0, λ + κ(spend − plan)),"
                            + " the plan even over the day's rounds (the budget less overspend"
                            + " being paid back); learners maximise value −"
                            + " (1 + λ)·cost (`value-landscape` with λ in force when deciding, the"
                            + " others learn cost weighed by λ of its round). docs/evaluation.md,"
                            + " \"Budget\"");

    public static final ConfigOption<Double> PACING_STEP =
            number(
                    "pacing.stepPerPlannedRound",
                    0.1,
                    0,
                    10,
                    "κ such that a round spending twice its plan raises λ by this much");

    public static final ConfigOption<Double> PACING_REPAY_DAYS =
            number(
                    "pacing.repayDays",
                    5,
                    0,
                    365,
                    "spend above the budget is carried and paid back over this many days (each"
                            + " day's plan is the budget less the carried overspend over it): a day"
                            + " may go over the budget, the days after pay it back; 0: each day"
                            + " alone, else at least 1");

    public static final ConfigOption<Void> EXPERIMENT =
            section(
                    "experiment",
                    "none",
                    "an A/B experiment. A product's variant is a stable hash of experiment name and"
                            + " product id; its decisions use the variant's learner and log"
                            + " `variant`");

    public static final ConfigOption<String> EXPERIMENT_NAME =
            text("experiment.name", null, "the experiment's name");

    public static final ConfigOption<String> EXPERIMENT_UNIT =
            choice("experiment.unit", "product", List.of("product"), "what is split");

    public static final ConfigOption<Double> VARIANT_SHARE =
            number(
                    "experiment.variants.<name>.share",
                    Double.NaN,
                    0,
                    1,
                    "a variant's share of the products; the shares add up to 1");

    public static final ConfigOption<Void> VARIANT_LEARNER =
            section(
                    "experiment.variants.<name>.learner",
                    "the job's",
                    "a variant's own learner section (as `learner`)");

    public static final ConfigOption<Void> SHADOW =
            section(
                    "shadows.<name>",
                    "none",
                    "a shadow policy: a learner section (as `learner`) that learns from the job's"
                            + " feedback with the logged propensities and decides every round"
                            + " beside the job, on `kafka.topics.shadow` (then required), never"
                            + " acted on; rounds mode only");

    /** Every key, in the README's order. */
    public static final List<ConfigOption<?>> ALL = all();

    private JobOptions() {}

    private static List<ConfigOption<?>> all() {
        List<ConfigOption<?>> all = new ArrayList<>();
        all.add(NAME);
        all.addAll(KafkaOptions.ALL);
        all.addAll(TimeOptions.ALL);
        all.addAll(List.of(BID_GRID, BASELINE_BID, ALGORITHM, SEED, PRICE_BANDS));
        all.addAll(RewardOptions.ALL);
        all.addAll(GuardrailOptions.ALL);
        all.addAll(DriftOptions.ALL);
        all.addAll(
                List.of(
                        POOLING,
                        POOLING_HALF_LIFE,
                        POOLING_STRENGTH,
                        PACING,
                        PACING_STEP,
                        PACING_REPAY_DAYS));
        all.addAll(List.of(EXPERIMENT, EXPERIMENT_NAME, EXPERIMENT_UNIT, VARIANT_SHARE));
        all.addAll(List.of(VARIANT_LEARNER, SHADOW));
        all.addAll(
                List.of(
                        REQUESTS,
                        REQUEST_SEGMENTS,
                        REQUEST_FEATURES,
                        REQUEST_REWARD_RANGE,
                        REQUEST_BUFFER_TIMEOUT));
        return List.copyOf(all);
    }
}
