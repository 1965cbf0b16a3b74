package io.banditflow.job.config;

import io.banditflow.core.bid.BidGrid;
import io.banditflow.core.context.ContextFeatures;
import io.banditflow.core.context.RequestFeatures;
import io.banditflow.core.drift.DriftDetector;
import io.banditflow.core.drift.DriftMonitor;
import io.banditflow.core.drift.DriftPolicy;
import io.banditflow.core.drift.DriftWindows;
import io.banditflow.core.event.EventType;
import io.banditflow.core.experiment.Experiment;
import io.banditflow.core.guard.GuardrailSettings;
import io.banditflow.core.guard.Guards;
import io.banditflow.core.policy.BidPolicy;
import io.banditflow.core.policy.Learner;
import io.banditflow.core.policy.LearnerSettings;
import io.banditflow.core.policy.RecoveryAction;
import io.banditflow.core.pool.CategoryPooling;
import io.banditflow.core.request.RequestRewards;
import io.banditflow.core.reward.RewardNormaliser;
import io.banditflow.core.reward.TrafficProfile;
import io.banditflow.core.round.RoundClock;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A job file ({@code jobs/*.yaml}), read and validated once at the edge by {@link JobFileReader}
 * against the keys {@link JobOptions} declares (each with its type, default, range and meaning; the
 * README's configuration table is written from them), and the factories of what it configures. An
 * unknown or invalid key is an error that names it.
 */
public record JobConfig(
        String name,
        Kafka kafka,
        Time time,
        double[] bidGrid,
        double baselineBid,
        LearnerSettings learner,
        Context context,
        Reward reward,
        Drift drift,
        GuardrailSettings guardrails,
        Requests requests,
        ColdStart coldStart,
        Map<String, LearnerSettings> shadows,
        Experiment experiment,
        Map<String, LearnerSettings> variantLearners,
        Pacing pacing)
        implements Serializable {

    /**
     * Pacing to the global daily budget ({@code guardrails.dailySpendCap}): the plan spread evenly
     * over the day's rounds, λ's step per round that spends twice its plan.
     */
    public record Pacing(boolean enabled, double stepPerPlannedRound, double repayDays)
            implements Serializable {}

    /** Where the job reads and writes. */
    public record Kafka(
            String bootstrapServers,
            String groupId,
            String startingOffsets,
            String transactionalIdPrefix,
            String impressionsTopic,
            String clicksTopic,
            String conversionsTopic,
            String decisionsTopic,
            String deadLettersTopic,
            String lateTopic,
            String signalsTopic,
            String controlTopic,
            String catalogTopic,
            String requestsTopic,
            String shadowTopic,
            Map<String, String> clientProperties,
            Map<String, String> producerProperties)
            implements Serializable {

        /** What every Kafka client of the job and its tools is given: security, timeouts. */
        public Properties clientConfig() {
            Properties config = new Properties();
            config.putAll(clientProperties);
            return config;
        }

        /**
         * The sinks' producers: LZ4 unless the job file says otherwise (a decision's JSON, its
         * field names repeated in every record, takes a quarter of the bytes or less, and the job
         * is faster for it: docs/benchmarks.md), batches lingering {@link #SINK_LINGER}, then the
         * client and producer properties.
         */
        /**
         * How long the sinks' producers wait to fill a batch: 50 ms instead of Kafka's 5. Every
         * batch is a new LZ4 block (a 64 KB buffer and its header), made on the task thread that
         * sends: at Kafka's default the decisions' batches held a few dozen records and their
         * set-up was about a tenth of the policy task's sampled time (JFR, docs/benchmarks.md).
         * Nothing waits on it: the exactly-once sinks' records are read at the checkpoint's commit,
         * seconds later, and a decision is published {@code time.decisionLead} before its round;
         * the answer sink, which is waited on, keeps 0.
         */
        static final String SINK_LINGER = "50";

        public Properties producerConfig() {
            Properties config = new Properties();
            config.setProperty("compression.type", "lz4");
            config.setProperty("linger.ms", SINK_LINGER);
            config.putAll(clientProperties);
            config.putAll(producerProperties);
            return config;
        }

        /** The input topic of a feedback stream. */
        public String topicOf(EventType type) {
            return switch (type) {
                case IMPRESSION -> impressionsTopic;
                case CLICK -> clicksTopic;
                case CONVERSION -> conversionsTopic;
            };
        }
    }

    /** Rounds, batches and the event-time tolerances. */
    public record Time(
            Duration round,
            int roundsPerBatch,
            Duration attributionWindow,
            Duration maturity,
            Duration decisionLead,
            Duration maxOutOfOrderness,
            Duration sourceIdleness,
            Duration maxFutureSkew,
            Duration inactivityTimeout)
            implements Serializable {}

    /** The context of the contextual learners ({@code ContextFeatures}). */
    public record Context(List<String> priceBands) implements Serializable {}

    /**
     * Per-request decisions: when enabled, the job answers each decision request at once instead of
     * deciding one bid per round, and learns from each answered request's feedback.
     *
     * @param segments the user segments with a context feature each
     * @param features the request's numeric features that are used, in order
     * @param rewardLow a request's profit that maps to reward 0
     * @param rewardHigh a request's profit that maps to reward 1
     * @param bufferTimeout how long an answer may wait in a network buffer before it is sent
     */
    public record Requests(
            boolean enabled,
            List<String> segments,
            List<String> features,
            double rewardLow,
            double rewardHigh,
            Duration bufferTimeout)
            implements Serializable {}

    /**
     * How a new product's learner starts: from scratch, or from the pooled evidence of its catalog
     * category ({@link CategoryPooling}).
     *
     * @param byCategory whether new products start from their category's pool
     * @param halfLife after how long pooled evidence weighs half
     * @param strength the most rounds per bid the pooled prior stands for
     */
    public record ColdStart(boolean byCategory, Duration halfLife, double strength)
            implements Serializable {}

    /** Reward normalisation (docs/algorithms.md, "Rounds, batches, rewards"). */
    public record Reward(
            int trafficTrailingDays,
            double trafficMinShare,
            double lowQuantile,
            double highQuantile,
            double initialLow,
            double initialHigh,
            int minRounds,
            int historyRounds)
            implements Serializable {}

    /**
     * Drift monitoring (docs/algorithms.md, "Drift"): windows, thresholds, and what a recovery does
     * to the learner.
     *
     * @param onRecovery {@code keep} the learner as it was, {@code decay} it towards its start by
     *     {@code recoveryDecay}, or {@code reset} it
     */
    public record Drift(
            boolean enabled,
            Duration referenceWindow,
            Duration currentWindow,
            double psiThreshold,
            double ksAlpha,
            double ksMinStatistic,
            int minSamples,
            int psiMinSamples,
            int recoveryWindows,
            RecoveryAction onRecovery,
            double recoveryDecay,
            int globalSamplesPerRound,
            double marketAlarmAlpha)
            implements Serializable {}

    /** Reads and validates a job file ({@link JobFileReader}). */
    public static JobConfig parse(String yaml) {
        return JobFileReader.read(yaml);
    }

    public static JobConfig load(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new JobConfigException("no such job file: " + file, e);
        } catch (IOException e) {
            // the exception's message is often the path alone: name its kind instead
            throw new JobConfigException(
                    "cannot read job file " + file + ": " + e.getClass().getSimpleName(), e);
        }
    }

    /** The category pooling of cold start, or null when new products start from scratch. */
    public CategoryPooling categoryPooling() {
        if (!coldStart.byCategory()) {
            return null;
        }
        return new CategoryPooling(
                new BidGrid(bidGrid),
                new double[] {reward.initialLow(), reward.initialHigh()},
                (double) coldStart.halfLife().toMillis() / time.round().toMillis(),
                coldStart.strength());
    }

    public Guards guards() {
        return new Guards(guardrails, new BidGrid(bidGrid), baselineArm());
    }

    /** The baseline bid's arm: the grid bid closest to it. */
    public int baselineArm() {
        return new BidGrid(bidGrid).nearestArm(baselineBid);
    }

    public DriftMonitor driftMonitor() {
        return new DriftMonitor(
                name,
                new DriftDetector(
                        new DriftPolicy(
                                drift.psiThreshold(),
                                drift.ksAlpha(),
                                drift.ksMinStatistic(),
                                drift.minSamples(),
                                drift.psiMinSamples(),
                                drift.recoveryWindows())),
                new DriftWindows(
                        (int) (drift.referenceWindow().toMillis() / time.round().toMillis()),
                        (int) (drift.currentWindow().toMillis() / time.round().toMillis())),
                clock());
    }

    /** The same job against another broker (the embedded demo and tests start their own). */
    public JobConfig withBootstrapServers(String bootstrapServers) {
        Kafka k =
                new Kafka(
                        bootstrapServers,
                        kafka.groupId(),
                        kafka.startingOffsets(),
                        kafka.transactionalIdPrefix(),
                        kafka.impressionsTopic(),
                        kafka.clicksTopic(),
                        kafka.conversionsTopic(),
                        kafka.decisionsTopic(),
                        kafka.deadLettersTopic(),
                        kafka.lateTopic(),
                        kafka.signalsTopic(),
                        kafka.controlTopic(),
                        kafka.catalogTopic(),
                        kafka.requestsTopic(),
                        kafka.shadowTopic(),
                        kafka.clientProperties(),
                        kafka.producerProperties());
        return with(k, coldStart, learner);
    }

    /** This job with another cold start (studies on a market without a catalog topic). */
    public JobConfig withColdStart(ColdStart other) {
        return with(kafka, other, learner);
    }

    /**
     * This job with another learner (a study's, or simulate's other algorithms), its baseline bid
     * and everything else kept.
     */
    public JobConfig withLearner(LearnerSettings other) {
        JobConfig changed = with(kafka, coldStart, other);
        JobFileRules.check(changed);
        return changed;
    }

    /** This job with the sections that the copies above replace. */
    private JobConfig with(
            Kafka otherKafka, ColdStart otherColdStart, LearnerSettings otherLearner) {
        return new JobConfig(
                name,
                otherKafka,
                time,
                bidGrid,
                baselineBid,
                otherLearner,
                context,
                reward,
                drift,
                guardrails,
                requests,
                otherColdStart,
                shadows,
                experiment,
                variantLearners,
                pacing);
    }

    public RoundClock clock() {
        return clock(time);
    }

    static RoundClock clock(Time time) {
        try {
            return new RoundClock(
                    time.round(),
                    time.roundsPerBatch(),
                    time.attributionWindow(),
                    time.decisionLead(),
                    time.maturity());
        } catch (IllegalArgumentException e) {
            throw new JobConfigException("time: " + e.getMessage(), e);
        }
    }

    /** The pacer of the global daily budget, or null without pacing. */
    public io.banditflow.core.guard.BudgetPacer budgetPacer() {
        return pacing.enabled()
                ? io.banditflow.core.guard.BudgetPacer.even(
                        guardrails.dailySpendCap(),
                        pacing.stepPerPlannedRound(),
                        clock().periodsPerDay(),
                        pacing.repayDays())
                : null;
    }

    /**
     * The global spend cap's throttle ({@link io.banditflow.core.guard.SpendThrottle}), or null:
     * without a cap, or with pacing of a learner whose decisions λ prices ({@link
     * io.banditflow.core.policy.BidPolicy#pacedAsItDecides}), where the cap stays a hard stop —
     * rationing the last rounds of its paced day kept λ low and cost it 15–21% of its profit for 2%
     * of spend, while a scalar learner paced unthrottled spent 37–43% over the budget
     * (docs/evaluation.md, "Budget").
     */
    public io.banditflow.core.guard.SpendThrottle spendThrottle() {
        return (pacing.enabled() && policy().pacedAsItDecides())
                        || Double.isInfinite(guardrails.dailySpendCap())
                ? null
                : new io.banditflow.core.guard.SpendThrottle(clock(), guardrails.dailySpendCap());
    }

    /**
     * Whether the products' value evidence is pooled: when the learner, a variant's or a shadow's
     * learns from its population's value per click.
     */
    public boolean poolsValue() {
        return anyLearner(Learner::poolsValue);
    }

    /**
     * Whether the learner, a variant's or a shadow's learns value per click from rounds still
     * inside the attribution window: the policy then reads every conversion as it arrives.
     */
    public boolean learnsOpenValue() {
        return anyLearner(Learner::learnsOpenValue);
    }

    /**
     * Whether the learner, a variant's or a shadow's learns the landscape when a batch's rounds
     * end: the policy then needs global traffic per round at its end.
     */
    public boolean learnsWhenEnded() {
        return anyLearner(Learner::learnsWhenEnded);
    }

    private boolean anyLearner(Predicate<Learner> property) {
        return Stream.of(List.of(policy()), variantPolicies().values(), shadowPolicies().values())
                .flatMap(policies -> policies.stream())
                .anyMatch(p -> p.learner() != null && property.test(p.learner()));
    }

    public BidPolicy policy() {
        BidGrid grid = new BidGrid(bidGrid);
        return new BidPolicy(name, grid, learnerOf(grid, learner), normaliser(), learner.seed());
    }

    /**
     * Each experiment variant's policy by variant name, on the job's grid and rewards; empty
     * without an experiment.
     */
    public Map<String, BidPolicy> variantPolicies() {
        BidGrid grid = new BidGrid(bidGrid);
        Map<String, BidPolicy> policies = new java.util.LinkedHashMap<>();
        variantLearners.forEach(
                (variant, l) ->
                        policies.put(
                                variant,
                                new BidPolicy(
                                        name, grid, learnerOf(grid, l), normaliser(), l.seed())));
        return policies;
    }

    /** The shadow policies by name, on the job's grid and rewards. */
    public Map<String, BidPolicy> shadowPolicies() {
        BidGrid grid = new BidGrid(bidGrid);
        Map<String, BidPolicy> policies = new java.util.LinkedHashMap<>();
        shadows.forEach(
                (shadow, l) ->
                        policies.put(
                                shadow,
                                new BidPolicy(
                                        name, grid, learnerOf(grid, l), normaliser(), l.seed())));
        return policies;
    }

    private RewardNormaliser normaliser() {
        return new RewardNormaliser(
                reward.lowQuantile(),
                reward.highQuantile(),
                reward.initialLow(),
                reward.initialHigh(),
                reward.minRounds(),
                reward.historyRounds());
    }

    /** A learner section's learner over {@code grid}, or null for the baseline policy. */
    private io.banditflow.core.policy.Learner learnerOf(BidGrid grid, LearnerSettings l) {
        return l.create(grid, contextDimension());
    }

    /** The size of a contextual learner's context: a request's in requests mode, else a round's. */
    public int contextDimension() {
        return requests.enabled() ? requestFeatures().dimension() : ContextFeatures.DIMENSION;
    }

    /** The round context of the contextual learners. */
    public ContextFeatures contextFeatures() {
        return new ContextFeatures(context.priceBands(), baselineBid);
    }

    /** The context of a decision request (requests mode). */
    public RequestFeatures requestFeatures() {
        return new RequestFeatures(requests.segments(), requests.features());
    }

    /** The reward of an answered request (requests mode). */
    public RequestRewards requestRewards() {
        return new RequestRewards(requests.rewardLow(), requests.rewardHigh());
    }

    public TrafficProfile trafficProfile() {
        return new TrafficProfile(
                clock().periodsPerDay(), reward.trafficTrailingDays(), reward.trafficMinShare());
    }

    /** Rounds without any activity after which a product stops getting decisions. */
    public int inactivityRounds() {
        return (int) Math.max(1, time.inactivityTimeout().toMillis() / time.round().toMillis());
    }
}
