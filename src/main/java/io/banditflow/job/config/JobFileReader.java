package io.banditflow.job.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.banditflow.core.bid.BidGrid;
import io.banditflow.core.experiment.Experiment;
import io.banditflow.core.guard.GuardrailSettings;
import io.banditflow.core.policy.LearnerKind;
import io.banditflow.core.policy.LearnerKinds;
import io.banditflow.core.policy.LearnerParameter;
import io.banditflow.core.policy.LearnerSettings;
import io.banditflow.core.policy.RecoveryAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads a job file into a {@link JobConfig}: each key through its declaration ({@link JobOptions},
 * a learner's parameters through its {@link LearnerKind}), then the rules that span keys. Every
 * error is a {@link JobConfigException} that names the key.
 */
final class JobFileReader {
    private static final String NAME_PATTERN = "[A-Za-z0-9._-]+";

    private JobFileReader() {}

    static JobConfig read(String yaml) {
        ConfigNode top = new ConfigNode(tree(yaml), "").allowOnly(JobOptions.ALL);
        String name = top.get(JobOptions.NAME);
        if (!name.matches(NAME_PATTERN)) {
            throw new JobConfigException(
                    "name: '" + name + "' may only use letters, digits, . _ -");
        }
        double[] grid = bids(top.section("bids"));
        LearnerSettings learner = learner(top.section("learner"));
        JobConfig.Time time = time(section(top, "time"));
        JobConfig.clock(time); // round length, batch, lead: checked before the drift windows
        JobConfig.Reward reward = reward(section(top, "reward"));
        JobConfig.Requests requests = requests(top.optionalSection("requests"), grid, reward);
        JobConfig.Kafka kafka = kafka(top.section("kafka"), name);
        ConfigNode experimentNode = top.optionalSection("experiment");
        JobConfig config =
                new JobConfig(
                        name,
                        kafka,
                        time,
                        grid,
                        baselineBid(section(top, "baseline"), grid, learner),
                        learner,
                        new JobConfig.Context(section(top, "context").get(JobOptions.PRICE_BANDS)),
                        reward,
                        drift(section(top, "drift"), time),
                        guardrails(top.optionalSection("guardrails")),
                        requests,
                        coldStart(section(top, "coldStart"), time),
                        shadows(top.optionalSection("shadows")),
                        experiment(experimentNode),
                        variantLearners(experimentNode, learner),
                        pacing(top.optionalSection("pacing")));
        JobFileRules.check(config);
        return config;
    }

    private static JsonNode tree(String yaml) {
        try {
            return new YAMLMapper().readTree(yaml);
        } catch (JacksonException e) {
            throw new JobConfigException(
                    "the job file is not valid YAML: " + e.getOriginalMessage(), e);
        } catch (RuntimeException e) {
            // a failure inside the YAML library on input it should have read or rejected
            // (one was jackson-dataformats-text#508): still one clear error, not a stack trace
            throw new JobConfigException("the job file could not be read as YAML: " + e, e);
        }
    }

    /** The section under {@code key}, empty when the job file leaves it out (all defaults). */
    private static ConfigNode section(ConfigNode parent, String key) {
        ConfigNode node =
                parent.has(key)
                        ? parent.section(key)
                        : new ConfigNode(new YAMLMapper().createObjectNode(), parent.path(key));
        return node.allowOnly(JobOptions.ALL);
    }

    /** Kafka client properties the job sets itself, and where a job file sets them instead. */
    private static final Map<String, String> OWNED_BY_THE_JOB =
            Map.ofEntries(
                    Map.entry("bootstrap.servers", "kafka.bootstrapServers"),
                    Map.entry("group.id", "kafka.groupId"),
                    Map.entry("auto.offset.reset", "kafka.startingOffsets"),
                    Map.entry("isolation.level", "read_committed, so aborted decisions are unseen"),
                    Map.entry("enable.auto.commit", "offsets live in checkpoints"),
                    Map.entry("transactional.id", "kafka.transactionalIdPrefix"),
                    Map.entry("transaction.timeout.ms", "the sinks' 10 minutes"),
                    Map.entry("enable.idempotence", "exactly-once sinks need it"),
                    Map.entry("key.serializer", "keys are product ids"),
                    Map.entry("value.serializer", "values are the JSON schemas"),
                    Map.entry("key.deserializer", "keys are product ids"),
                    Map.entry("value.deserializer", "values are the JSON schemas"));

    private static JobConfig.Kafka kafka(ConfigNode node, String name) {
        node.allowOnly(JobOptions.ALL);
        ConfigNode topics = node.section("topics").allowOnly(JobOptions.ALL);
        String ownName = "banditflow-" + name;
        String groupId = node.get(KafkaOptions.GROUP_ID);
        String transactionalIdPrefix = node.get(KafkaOptions.TRANSACTIONAL_ID_PREFIX);
        return new JobConfig.Kafka(
                node.get(KafkaOptions.BOOTSTRAP_SERVERS),
                groupId == null ? ownName : groupId,
                node.get(KafkaOptions.STARTING_OFFSETS),
                transactionalIdPrefix == null ? ownName : transactionalIdPrefix,
                topics.get(KafkaOptions.IMPRESSIONS),
                topics.get(KafkaOptions.CLICKS),
                topics.get(KafkaOptions.CONVERSIONS),
                topics.get(KafkaOptions.DECISIONS),
                topics.get(KafkaOptions.DEAD_LETTERS),
                topics.get(KafkaOptions.LATE),
                topics.get(KafkaOptions.SIGNALS),
                topics.get(KafkaOptions.CONTROL),
                topics.get(KafkaOptions.CATALOG),
                topics.get(KafkaOptions.REQUESTS),
                topics.get(KafkaOptions.SHADOW),
                Map.copyOf(node.properties(KafkaOptions.PROPERTIES.key(), OWNED_BY_THE_JOB)),
                Map.copyOf(node.properties(KafkaOptions.PRODUCER.key(), OWNED_BY_THE_JOB)));
    }

    /** The bid of the baseline policy: the prior's bid if there is one, else the grid's median. */
    private static double baselineBid(ConfigNode node, double[] grid, LearnerSettings learner) {
        double bid = node.get(JobOptions.BASELINE_BID);
        if (!Double.isNaN(bid)) {
            return bid;
        }
        return learner.priorBid().orElse(grid[grid.length / 2]);
    }

    private static JobConfig.Time time(ConfigNode node) {
        JobConfig.Time time =
                new JobConfig.Time(
                        node.get(TimeOptions.ROUND),
                        node.get(TimeOptions.ROUNDS_PER_BATCH),
                        node.get(TimeOptions.ATTRIBUTION_WINDOW),
                        node.get(TimeOptions.MATURITY),
                        node.get(TimeOptions.DECISION_LEAD),
                        node.get(TimeOptions.MAX_OUT_OF_ORDERNESS),
                        node.get(TimeOptions.SOURCE_IDLENESS),
                        node.get(TimeOptions.MAX_FUTURE_SKEW),
                        node.get(TimeOptions.INACTIVITY_TIMEOUT));
        if (time.inactivityTimeout().compareTo(time.round()) < 0) {
            throw new JobConfigException(
                    node.path(TimeOptions.INACTIVITY_TIMEOUT.key())
                            + ": must be at least one round");
        }
        return time;
    }

    private static double[] bids(ConfigNode node) {
        node.allowOnly(JobOptions.ALL);
        double[] grid = node.get(JobOptions.BID_GRID);
        try {
            new BidGrid(grid);
        } catch (IllegalArgumentException e) {
            throw new JobConfigException(
                    node.path(JobOptions.BID_GRID.key()) + ": " + e.getMessage(), e);
        }
        return grid;
    }

    private static JobConfig.Drift drift(ConfigNode node, JobConfig.Time time) {
        JobConfig.Drift drift =
                new JobConfig.Drift(
                        node.get(DriftOptions.ENABLED),
                        node.get(DriftOptions.REFERENCE_WINDOW),
                        node.get(DriftOptions.CURRENT_WINDOW),
                        node.get(DriftOptions.PSI_THRESHOLD),
                        node.get(DriftOptions.KS_ALPHA),
                        node.get(DriftOptions.KS_MIN_STATISTIC),
                        node.get(DriftOptions.MIN_SAMPLES),
                        node.get(DriftOptions.PSI_MIN_SAMPLES),
                        node.get(DriftOptions.RECOVERY_WINDOWS),
                        RecoveryAction.valueOf(
                                node.get(DriftOptions.ON_RECOVERY).toUpperCase(Locale.ROOT)),
                        node.get(DriftOptions.RECOVERY_DECAY),
                        node.get(DriftOptions.GLOBAL_SAMPLES_PER_ROUND),
                        node.get(DriftOptions.MARKET_ALARM_ALPHA));
        wholeRounds(node, DriftOptions.REFERENCE_WINDOW, drift.referenceWindow(), time);
        wholeRounds(node, DriftOptions.CURRENT_WINDOW, drift.currentWindow(), time);
        return drift;
    }

    private static void wholeRounds(
            ConfigNode node, ConfigOption<Duration> option, Duration window, JobConfig.Time time) {
        if (window.isZero() || window.toMillis() % time.round().toMillis() != 0) {
            throw new JobConfigException(
                    node.path(option.key()) + ": must be a positive whole number of rounds");
        }
    }

    /**
     * A learner section: the algorithm's kind says which parameters it takes, with their types,
     * defaults and ranges; any other key is an error that names the ones it takes.
     */
    static LearnerSettings learner(ConfigNode node) {
        LearnerKind kind = LearnerKinds.of(node.get(JobOptions.ALGORITHM));
        List<String> allowed = kind.keys();
        for (String key : node.keys()) {
            if (!allowed.contains(key)) {
                throw new JobConfigException(
                        node.path(key)
                                + ": not a parameter of "
                                + kind.name()
                                + " (it takes "
                                + new TreeSet<>(allowed)
                                + ")");
            }
        }
        Map<String, Double> given = new LinkedHashMap<>();
        for (LearnerParameter parameter : kind.parameters()) {
            parameterValue(node, kind, parameter)
                    .ifPresent(value -> given.put(parameter.key(), value));
        }
        LearnerSettings settings = kind.settings(node.get(JobOptions.SEED), given);
        Optional<LearnerKind.Problem> problem = kind.check().apply(settings);
        if (problem.isPresent()) {
            throw new JobConfigException(
                    node.path(problem.get().key()) + ": " + problem.get().reason());
        }
        return settings;
    }

    /** A parameter's value as written; a subsection's default when only the subsection is. */
    private static Optional<Double> parameterValue(
            ConfigNode node, LearnerKind kind, LearnerParameter parameter) {
        ConfigNode section = node;
        if (parameter.subsection() != null) {
            section = node.optionalSection(parameter.subsection());
            if (section == null) {
                return Optional.empty();
            }
            section.allowOnly(subsectionKeys(parameter.subsection(), kind));
        }
        String key = parameter.leaf();
        if (!section.has(key)) {
            if (parameter.required()) {
                throw new JobConfigException(section.path(key) + ": required key is missing");
            }
            return parameter.subsection() == null
                    ? Optional.empty()
                    : Optional.of(parameter.defaultValue());
        }
        return Optional.of(
                parameter.whole()
                        ? section.integer(key, 0, (int) parameter.min(), (int) parameter.max())
                        : section.number(key, 0, parameter.min(), parameter.max()));
    }

    private static java.util.Set<String> subsectionKeys(String subsection, LearnerKind kind) {
        java.util.Set<String> keys = new TreeSet<>();
        for (LearnerParameter p : kind.parameters()) {
            if (subsection.equals(p.subsection())) {
                keys.add(p.leaf());
            }
        }
        return keys;
    }

    /**
     * Shadow policies by name, each a learner section: they learn from the job's feedback and
     * decide every round beside it, on the shadow topic, never acted on.
     */
    private static Map<String, LearnerSettings> shadows(ConfigNode node) {
        Map<String, LearnerSettings> shadows = new LinkedHashMap<>();
        if (node == null) {
            return Collections.unmodifiableMap(shadows);
        }
        for (String name : node.keys()) {
            if (!name.matches(NAME_PATTERN)) {
                throw new JobConfigException(
                        node.path(name) + ": a shadow's name may only use letters, digits, . _ -");
            }
            LearnerSettings shadow = learner(node.section(name));
            if (!LearnerKinds.of(shadow.algorithm()).learns()) {
                throw new JobConfigException(
                        node.path(name) + ": a shadow must learn (baseline does not)");
            }
            shadows.put(name, shadow);
        }
        return Collections.unmodifiableMap(shadows);
    }

    /**
     * The A/B experiment: products split over named variants by a stable hash of the experiment's
     * name and the product id, each variant with a traffic share and, optionally, its own learner.
     */
    private static Experiment experiment(ConfigNode node) {
        if (node == null) {
            return null;
        }
        node.allowOnly(JobOptions.ALL);
        String name = node.get(JobOptions.EXPERIMENT_NAME);
        node.get(JobOptions.EXPERIMENT_UNIT);
        ConfigNode variants = node.section("variants");
        List<Experiment.Variant> split = new ArrayList<>();
        for (String variant : variants.keys()) {
            if (!variant.matches(NAME_PATTERN)) {
                throw new JobConfigException(
                        variants.path(variant)
                                + ": a variant's name may only use letters, digits, . _ -");
            }
            ConfigNode v = variants.section(variant).allowOnly(JobOptions.ALL);
            double share = v.get(JobOptions.VARIANT_SHARE);
            split.add(new Experiment.Variant(variant, share));
        }
        try {
            return new Experiment(name, split);
        } catch (IllegalArgumentException e) {
            throw new JobConfigException(node.path("variants") + ": " + e.getMessage(), e);
        }
    }

    /** Each variant's learner: its own learner section, else the job's. */
    private static Map<String, LearnerSettings> variantLearners(
            ConfigNode node, LearnerSettings jobLearner) {
        Map<String, LearnerSettings> learners = new LinkedHashMap<>();
        if (node != null && node.has("variants")) {
            ConfigNode variants = node.section("variants");
            for (String variant : variants.keys()) {
                ConfigNode v = variants.section(variant);
                learners.put(
                        variant, v.has("learner") ? learner(v.section("learner")) : jobLearner);
            }
        }
        return Collections.unmodifiableMap(learners);
    }

    private static JobConfig.Pacing pacing(ConfigNode node) {
        if (node == null) {
            return new JobConfig.Pacing(
                    false,
                    JobOptions.PACING_STEP.defaultValue(),
                    JobOptions.PACING_REPAY_DAYS.defaultValue());
        }
        node.allowOnly(JobOptions.ALL);
        double repayDays = node.get(JobOptions.PACING_REPAY_DAYS);
        if (repayDays > 0 && repayDays < 1) {
            throw new JobConfigException(
                    "pacing.repayDays: 0 (each day alone) or at least 1 day, not " + repayDays);
        }
        return new JobConfig.Pacing(true, node.get(JobOptions.PACING_STEP), repayDays);
    }

    private static JobConfig.Requests requests(
            ConfigNode node, double[] grid, JobConfig.Reward reward) {
        double[] defaultRange = {-grid[grid.length - 1], reward.initialHigh()};
        if (node == null) {
            return new JobConfig.Requests(
                    false,
                    List.of(),
                    List.of(),
                    defaultRange[0],
                    defaultRange[1],
                    JobOptions.REQUEST_BUFFER_TIMEOUT.defaultValue());
        }
        node.allowOnly(JobOptions.ALL);
        double[] range = node.get(JobOptions.REQUEST_REWARD_RANGE);
        range = range == null ? defaultRange : range;
        if (range.length != 2 || !(range[0] < range[1])) {
            throw new JobConfigException(
                    node.path("rewardRange") + ": must be [low, high] with low < high");
        }
        Duration bufferTimeout = node.get(JobOptions.REQUEST_BUFFER_TIMEOUT);
        if (bufferTimeout.toMillis() > 1_000) {
            throw new JobConfigException(
                    node.path("bufferTimeout") + ": at most 1s (answers are waited for)");
        }
        return new JobConfig.Requests(
                true,
                node.get(JobOptions.REQUEST_SEGMENTS),
                node.get(JobOptions.REQUEST_FEATURES),
                range[0],
                range[1],
                bufferTimeout);
    }

    private static JobConfig.ColdStart coldStart(ConfigNode node, JobConfig.Time time) {
        boolean byCategory = node.get(JobOptions.POOLING).equals("category");
        Duration halfLife = node.get(JobOptions.POOLING_HALF_LIFE);
        if (halfLife.compareTo(time.round()) < 0) {
            throw new JobConfigException(node.path("halfLife") + ": at least one round");
        }
        return new JobConfig.ColdStart(byCategory, halfLife, node.get(JobOptions.POOLING_STRENGTH));
    }

    private static GuardrailSettings guardrails(ConfigNode node) {
        if (node == null) {
            return GuardrailSettings.none();
        }
        node.allowOnly(JobOptions.ALL);
        double[] bounds = {0, Double.POSITIVE_INFINITY};
        if (node.has("bidBounds")) {
            bounds = bounds(node.section("bidBounds"));
        }
        Map<String, double[]> products = new TreeMap<>();
        if (node.has("products")) {
            ConfigNode section = node.section("products");
            for (String product : section.keys()) {
                products.put(product, bounds(section.section(product)));
            }
        }
        double factor = Double.POSITIVE_INFINITY;
        ConfigNode spike =
                node.has("cpcSpike") ? node.section("cpcSpike").allowOnly(JobOptions.ALL) : null;
        if (spike != null) {
            factor = spike.get(GuardrailOptions.CPC_SPIKE_FACTOR);
        }
        ConfigNode spikeOrDefaults = spike != null ? spike : section(node, "cpcSpike");
        return new GuardrailSettings(
                bounds[0],
                bounds[1],
                products,
                node.get(GuardrailOptions.PRODUCT_DAILY_SPEND_CAP),
                node.get(GuardrailOptions.DAILY_SPEND_CAP),
                factor,
                spikeOrDefaults.get(GuardrailOptions.CPC_SPIKE_TRAILING_ROUNDS),
                spikeOrDefaults.get(GuardrailOptions.CPC_SPIKE_MIN_CLICKS),
                spikeOrDefaults.get(GuardrailOptions.CPC_SPIKE_MIN_ROUNDS),
                node.get(GuardrailOptions.EXPLORATION_SHARE));
    }

    private static double[] bounds(ConfigNode node) {
        node.allowOnly(JobOptions.ALL);
        double min = node.get(GuardrailOptions.MIN_BID);
        double max = node.get(GuardrailOptions.MAX_BID);
        if (!(min <= max)) {
            throw new JobConfigException(node.path("max") + ": must be at least min");
        }
        return new double[] {min, max};
    }

    private static JobConfig.Reward reward(ConfigNode node) {
        double[] initial = node.get(RewardOptions.INITIAL_RANGE);
        if (initial.length != 2 || !(initial[0] < initial[1])) {
            throw new JobConfigException(
                    node.path("initialRange") + ": must be [low, high] with low < high");
        }
        JobConfig.Reward reward =
                new JobConfig.Reward(
                        node.get(RewardOptions.TRAFFIC_TRAILING_DAYS),
                        node.get(RewardOptions.TRAFFIC_MIN_SHARE),
                        node.get(RewardOptions.LOW_QUANTILE),
                        node.get(RewardOptions.HIGH_QUANTILE),
                        initial[0],
                        initial[1],
                        node.get(RewardOptions.MIN_ROUNDS),
                        node.get(RewardOptions.HISTORY_ROUNDS));
        if (!(reward.lowQuantile() < reward.highQuantile())) {
            throw new JobConfigException(node.path("highQuantile") + ": must be above lowQuantile");
        }
        if (reward.historyRounds() < reward.minRounds()) {
            throw new JobConfigException(
                    node.path("historyRounds") + ": must be at least minRounds");
        }
        return reward;
    }
}
