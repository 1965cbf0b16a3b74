package io.banditflow.job.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
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
import io.banditflow.core.policy.BatchExp3;
import io.banditflow.core.policy.BetaThompson;
import io.banditflow.core.policy.BidPolicy;
import io.banditflow.core.policy.BidPrior;
import io.banditflow.core.policy.EpsilonGreedy;
import io.banditflow.core.policy.Exp3Parameters;
import io.banditflow.core.policy.LinUcb;
import io.banditflow.core.policy.LinearThompson;
import io.banditflow.core.policy.RecoveryAction;
import io.banditflow.core.pool.CategoryPooling;
import io.banditflow.core.request.RequestRewards;
import io.banditflow.core.reward.RewardNormaliser;
import io.banditflow.core.reward.TrafficProfile;
import io.banditflow.core.round.RoundClock;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * A job file ({@code jobs/*.yaml}), parsed and validated once at the edge. Every key, its default
 * and its meaning is documented in the README's configuration section; an unknown or invalid key is
 * an error that names it.
 */
public record JobConfig(
        String name,
        Kafka kafka,
        Time time,
        double[] bidGrid,
        double baselineBid,
        Learner learner,
        Context context,
        Reward reward,
        Drift drift,
        GuardrailSettings guardrails,
        Requests requests,
        ColdStart coldStart,
        Map<String, Learner> shadows,
        Experiment experiment,
        Map<String, Learner> variantLearners,
        Pacing pacing)
        implements Serializable {

    /**
     * Pacing to the global daily budget ({@code guardrails.dailySpendCap}): the plan spread evenly
     * over the day's rounds, λ's step per round that spends twice its plan.
     */
    public record Pacing(boolean enabled, double stepPerPlannedRound) implements Serializable {}

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
         * is faster for it: docs/benchmarks.md), then the client and producer properties.
         */
        public Properties producerConfig() {
            Properties config = new Properties();
            config.setProperty("compression.type", "lz4");
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
            Duration decisionLead,
            Duration maxOutOfOrderness,
            Duration sourceIdleness,
            Duration maxFutureSkew,
            Duration inactivityTimeout)
            implements Serializable {}

    /**
     * The learner and its parameters; a parameter that the algorithm does not use keeps its default
     * (the job file rejects it).
     */
    public record Learner(
            String algorithm,
            long seed,
            double learningRate,
            double uniformMix,
            double implicitExploration,
            double priorBid,
            double priorConcentration,
            double alpha,
            double ridge,
            double discount,
            double posteriorScale,
            double priorAlpha,
            double priorBeta,
            int propensityDraws,
            double epsilon,
            double optimism)
            implements Serializable {

        /** The conservative start of the EXP3 family, or null for the uniform start. */
        public BidPrior prior() {
            return priorConcentration == 0 ? null : new BidPrior(priorBid, priorConcentration);
        }
    }

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
            int globalSamplesPerRound)
            implements Serializable {}

    public static JobConfig load(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new JobConfigException("cannot read job file " + file + ": " + e.getMessage(), e);
        }
    }

    public static JobConfig parse(String yaml) {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(yaml);
        } catch (JacksonException e) {
            throw new JobConfigException(
                    "the job file is not valid YAML: " + e.getOriginalMessage(), e);
        }
        ConfigNode top =
                new ConfigNode(root, "")
                        .allowOnly(
                                Set.of(
                                        "name",
                                        "kafka",
                                        "time",
                                        "bids",
                                        "baseline",
                                        "learner",
                                        "context",
                                        "reward",
                                        "drift",
                                        "guardrails",
                                        "requests",
                                        "coldStart",
                                        "shadows",
                                        "experiment",
                                        "pacing"));
        String name = top.text("name");
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new JobConfigException(
                    "name: '" + name + "' may only use letters, digits, . _ -");
        }
        double[] grid = bids(top.section("bids"));
        Learner learner = learner(top.section("learner"));
        Time time = time(top.has("time") ? top.section("time") : null);
        clock(time); // cross-field checks (round length, batch, lead) before the drift windows
        Reward reward = reward(top.optionalSection("reward"));
        Requests requests = requests(top.optionalSection("requests"), grid, reward);
        Kafka kafka = kafka(top.section("kafka"), name);
        ConfigNode experimentNode = top.optionalSection("experiment");
        Map<String, Learner> variantLearners = variantLearners(experimentNode, learner);
        if (requests.enabled() && kafka.requestsTopic() == null) {
            throw new JobConfigException(
                    "kafka.topics.requests: required key is missing (the job has a requests"
                            + " section)");
        }
        if (!requests.enabled() && kafka.requestsTopic() != null) {
            throw new JobConfigException(
                    "kafka.topics.requests: only read in requests mode (add a requests section)");
        }
        JobConfig config =
                new JobConfig(
                        name,
                        kafka,
                        time,
                        grid,
                        baselineBid(top.optionalSection("baseline"), grid, learner),
                        learner,
                        context(top.optionalSection("context")),
                        reward,
                        drift(top.optionalSection("drift"), time),
                        guardrails(top.optionalSection("guardrails")),
                        requests,
                        coldStart(top.optionalSection("coldStart"), time),
                        shadows(top.optionalSection("shadows")),
                        experiment(experimentNode),
                        variantLearners,
                        pacing(top.optionalSection("pacing")));
        if (config.pacing().enabled() && Double.isInfinite(config.guardrails().dailySpendCap())) {
            throw new JobConfigException(
                    "pacing: paces to guardrails.dailySpendCap, which is not set");
        }
        if (config.pacing().enabled() && requests.enabled()) {
            throw new JobConfigException(
                    "pacing: paces round decisions; requests mode answers per request");
        }
        if (!config.shadows().isEmpty() && kafka.shadowTopic() == null) {
            throw new JobConfigException(
                    "kafka.topics.shadow: required key is missing (the job has shadows)");
        }
        if (config.shadows().isEmpty() && kafka.shadowTopic() != null) {
            throw new JobConfigException(
                    "kafka.topics.shadow: only written with shadows (add a shadows section)");
        }
        if (!config.shadows().isEmpty() && requests.enabled()) {
            throw new JobConfigException(
                    "shadows: shadow policies decide per round; requests mode answers per request");
        }
        if (config.coldStart().byCategory() && kafka.catalogTopic() == null) {
            throw new JobConfigException(
                    "coldStart.pooling: category needs kafka.topics.catalog (categories come from"
                            + " the catalog)");
        }
        if (config.coldStart().byCategory() && requests.enabled()) {
            throw new JobConfigException(
                    "coldStart.pooling: category pools one bid per round; requests mode bids per"
                            + " request");
        }
        try {
            config.guards().boundedArms("");
            for (String product : config.guardrails().productBidBounds().keySet()) {
                config.guards().boundedArms(product);
            }
        } catch (IllegalArgumentException e) {
            throw new JobConfigException("guardrails: " + e.getMessage(), e);
        }
        return config;
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

    private static Kafka kafka(ConfigNode node, String name) {
        node.allowOnly(
                Set.of(
                        "bootstrapServers",
                        "groupId",
                        "startingOffsets",
                        "transactionalIdPrefix",
                        "topics",
                        "properties",
                        "producer"));
        ConfigNode topics =
                node.section("topics")
                        .allowOnly(
                                Set.of(
                                        "impressions",
                                        "clicks",
                                        "conversions",
                                        "decisions",
                                        "deadLetters",
                                        "late",
                                        "signals",
                                        "control",
                                        "catalog",
                                        "requests",
                                        "shadow"));
        return new Kafka(
                node.text("bootstrapServers"),
                node.text("groupId", "banditflow-" + name),
                node.oneOf(
                        "startingOffsets", "committed", Set.of("earliest", "latest", "committed")),
                node.text("transactionalIdPrefix", "banditflow-" + name),
                topics.text("impressions"),
                topics.text("clicks"),
                topics.text("conversions"),
                topics.text("decisions"),
                topics.text("deadLetters"),
                topics.text("late"),
                topics.text("signals"),
                topics.text("control"),
                topics.text("catalog", null),
                topics.text("requests", null),
                topics.text("shadow", null),
                Map.copyOf(node.properties("properties", OWNED_BY_THE_JOB)),
                Map.copyOf(node.properties("producer", OWNED_BY_THE_JOB)));
    }

    /** The bid of the baseline policy: the prior's bid if there is one, else the grid's median. */
    private static double baselineBid(ConfigNode node, double[] grid, Learner learner) {
        double fallback =
                learner.priorConcentration() > 0 ? learner.priorBid() : grid[grid.length / 2];
        if (node == null) {
            return fallback;
        }
        node.allowOnly(Set.of("bid"));
        return node.number("bid", fallback, 1e-9, Double.MAX_VALUE);
    }

    private static Drift drift(ConfigNode node, Time time) {
        if (node == null) {
            node = new ConfigNode(new YAMLMapper().createObjectNode(), "drift");
        }
        node.allowOnly(
                Set.of(
                        "enabled",
                        "referenceWindow",
                        "currentWindow",
                        "psiThreshold",
                        "ksAlpha",
                        "ksMinStatistic",
                        "minSamples",
                        "psiMinSamples",
                        "recoveryWindows",
                        "onRecovery",
                        "recoveryDecay",
                        "globalSamplesPerRound"));
        Drift drift =
                new Drift(
                        node.bool("enabled", true),
                        node.duration("referenceWindow", Duration.ofDays(14)),
                        node.duration("currentWindow", Duration.ofDays(1)),
                        node.number("psiThreshold", 0.25, 1e-9, 100),
                        node.number("ksAlpha", 0.001, 1e-12, 0.5),
                        node.number("ksMinStatistic", 0.15, 0, 0.99),
                        node.integer("minSamples", 8, 2, 1_000_000),
                        node.integer("psiMinSamples", 100, 2, 1_000_000),
                        node.integer("recoveryWindows", 8, 1, 100_000),
                        RecoveryAction.valueOf(
                                node.oneOf("onRecovery", "keep", Set.of("keep", "decay", "reset"))
                                        .toUpperCase(java.util.Locale.ROOT)),
                        node.number("recoveryDecay", 0.5, 0, 1),
                        node.integer("globalSamplesPerRound", 256, 8, 100_000));
        for (String key : new String[] {"referenceWindow", "currentWindow"}) {
            Duration window =
                    key.equals("referenceWindow") ? drift.referenceWindow() : drift.currentWindow();
            if (window.isZero() || window.toMillis() % time.round().toMillis() != 0) {
                throw new JobConfigException(
                        node.path(key) + ": must be a positive whole number of rounds");
            }
        }
        return drift;
    }

    private static Time time(ConfigNode node) {
        if (node == null) {
            node = new ConfigNode(new YAMLMapper().createObjectNode(), "time");
        }
        node.allowOnly(
                Set.of(
                        "round",
                        "roundsPerBatch",
                        "attributionWindow",
                        "decisionLead",
                        "maxOutOfOrderness",
                        "sourceIdleness",
                        "maxFutureSkew",
                        "inactivityTimeout"));
        Time time =
                new Time(
                        node.duration("round", Duration.ofHours(3)),
                        node.integer("roundsPerBatch", 8, 1, 10_000),
                        node.duration("attributionWindow", Duration.ofDays(2)),
                        node.duration("decisionLead", Duration.ofMinutes(10)),
                        node.duration("maxOutOfOrderness", Duration.ofMinutes(5)),
                        node.duration("sourceIdleness", Duration.ofMinutes(5)),
                        node.duration("maxFutureSkew", Duration.ofHours(1)),
                        node.duration("inactivityTimeout", Duration.ofDays(7)));
        if (time.inactivityTimeout().compareTo(time.round()) < 0) {
            throw new JobConfigException(
                    node.path("inactivityTimeout") + ": must be at least one round");
        }
        return time;
    }

    private static double[] bids(ConfigNode node) {
        node.allowOnly(Set.of("grid"));
        double[] grid =
                node.numbers(
                        "grid", BidGrid.sponsoredSearchDefault().bids(), 1e-9, Double.MAX_VALUE);
        try {
            new BidGrid(grid);
        } catch (IllegalArgumentException e) {
            throw new JobConfigException(node.path("grid") + ": " + e.getMessage(), e);
        }
        return grid;
    }

    /** Every algorithm with the keys it takes besides {@code algorithm} and {@code seed}. */
    private static final Map<String, Set<String>> LEARNER_KEYS =
            Map.of(
                    "batch-exp3", Set.of("learningRate", "uniformMix", "prior"),
                    "exp3-ix", Set.of("learningRate", "uniformMix", "implicitExploration", "prior"),
                    "linucb", Set.of("alpha", "ridge"),
                    "discounted-linucb", Set.of("alpha", "ridge", "discount"),
                    "linear-thompson", Set.of("posteriorScale", "ridge", "discount"),
                    "beta-thompson",
                            Set.of("priorAlpha", "priorBeta", "discount", "propensityDraws"),
                    "epsilon-greedy", Set.of("epsilon", "discount", "optimism"),
                    "baseline", Set.of());

    private static Learner learner(ConfigNode node) {
        String algorithm = node.oneOf("algorithm", "batch-exp3", LEARNER_KEYS.keySet());
        Set<String> allowed = new java.util.HashSet<>(LEARNER_KEYS.get(algorithm));
        allowed.addAll(Set.of("algorithm", "seed"));
        for (String key : node.keys()) {
            if (!allowed.contains(key)) {
                throw new JobConfigException(
                        node.path(key)
                                + ": not a parameter of "
                                + algorithm
                                + " (it takes "
                                + new java.util.TreeSet<>(allowed)
                                + ")");
            }
        }
        double priorBid = 1;
        double priorConcentration = 0;
        if (node.has("prior")) {
            ConfigNode prior = node.section("prior").allowOnly(Set.of("bid", "concentration"));
            priorBid = prior.number("bid", Double.NaN, 1e-9, Double.MAX_VALUE);
            if (Double.isNaN(priorBid)) {
                throw new JobConfigException(prior.path("bid") + ": required key is missing");
            }
            priorConcentration = prior.number("concentration", 4, 0, 1_000);
        }
        boolean discounted = algorithm.equals("discounted-linucb");
        double discount = node.number("discount", discounted ? 0.99 : 1, 1e-6, 1);
        if (discounted && discount == 1) {
            throw new JobConfigException(
                    node.path("discount") + ": discounted-linucb needs a discount below 1");
        }
        double implicitExploration =
                node.number(
                        "implicitExploration",
                        algorithm.equals("exp3-ix") ? 0.005 : 0,
                        algorithm.equals("exp3-ix") ? 1e-9 : 0,
                        100);
        return new Learner(
                algorithm,
                node.longValue("seed", 0),
                node.number("learningRate", 0.02, 1e-9, 100),
                node.number("uniformMix", 0.05, 0, 1),
                implicitExploration,
                priorBid,
                priorConcentration,
                node.number("alpha", 0.5, 0, 100),
                node.number("ridge", 1, 1e-9, 1e6),
                discount,
                node.number("posteriorScale", 0.25, 1e-9, 100),
                node.number("priorAlpha", 1, 1e-9, 1e6),
                node.number("priorBeta", 1, 1e-9, 1e6),
                node.integer("propensityDraws", 1_000, 1, 1_000_000),
                node.number("epsilon", 0.1, 0, 1),
                node.number("optimism", 1, -1e6, 1e6));
    }

    /**
     * Shadow policies by name, each a learner section: they learn from the job's feedback and
     * decide every round beside it, on the shadow topic, never acted on.
     */
    private static Map<String, Learner> shadows(ConfigNode node) {
        Map<String, Learner> shadows = new java.util.LinkedHashMap<>();
        if (node == null) {
            return java.util.Collections.unmodifiableMap(shadows);
        }
        for (String name : node.keys()) {
            if (!name.matches("[A-Za-z0-9._-]+")) {
                throw new JobConfigException(
                        node.path(name) + ": a shadow's name may only use letters, digits, . _ -");
            }
            Learner shadow = learner(node.section(name));
            if (shadow.algorithm().equals("baseline")) {
                throw new JobConfigException(
                        node.path(name) + ": a shadow must learn (baseline does not)");
            }
            shadows.put(name, shadow);
        }
        return java.util.Collections.unmodifiableMap(shadows);
    }

    /**
     * The A/B experiment: products split over named variants by a stable hash of the experiment's
     * name and the product id, each variant with a traffic share and, optionally, its own learner.
     */
    private static Experiment experiment(ConfigNode node) {
        if (node == null) {
            return null;
        }
        node.allowOnly(Set.of("name", "unit", "variants"));
        String name = node.text("name");
        node.oneOf("unit", "product", Set.of("product"));
        ConfigNode variants = node.section("variants");
        List<Experiment.Variant> split = new ArrayList<>();
        for (String variant : variants.keys()) {
            if (!variant.matches("[A-Za-z0-9._-]+")) {
                throw new JobConfigException(
                        variants.path(variant)
                                + ": a variant's name may only use letters, digits, . _ -");
            }
            ConfigNode v = variants.section(variant).allowOnly(Set.of("share", "learner"));
            double share = v.number("share", Double.NaN, 0, 1);
            if (Double.isNaN(share)) {
                throw new JobConfigException(v.path("share") + ": required key is missing");
            }
            split.add(new Experiment.Variant(variant, share));
        }
        try {
            return new Experiment(name, split);
        } catch (IllegalArgumentException e) {
            throw new JobConfigException(node.path("variants") + ": " + e.getMessage(), e);
        }
    }

    /** Each variant's learner: its own learner section, else the job's. */
    private static Map<String, Learner> variantLearners(ConfigNode node, Learner jobLearner) {
        Map<String, Learner> learners = new java.util.LinkedHashMap<>();
        if (node != null && node.has("variants")) {
            ConfigNode variants = node.section("variants");
            for (String variant : variants.keys()) {
                ConfigNode v = variants.section(variant);
                learners.put(
                        variant, v.has("learner") ? learner(v.section("learner")) : jobLearner);
            }
        }
        return java.util.Collections.unmodifiableMap(learners);
    }

    private static Pacing pacing(ConfigNode node) {
        if (node == null) {
            return new Pacing(false, 0.1);
        }
        node.allowOnly(Set.of("stepPerPlannedRound"));
        return new Pacing(true, node.number("stepPerPlannedRound", 0.1, 0, 10));
    }

    private static Requests requests(ConfigNode node, double[] grid, Reward reward) {
        double highestBid = grid[grid.length - 1];
        double[] defaultRange = {-highestBid, reward.initialHigh()};
        Duration defaultTimeout = Duration.ofMillis(5);
        if (node == null) {
            return new Requests(
                    false, List.of(), List.of(), defaultRange[0], defaultRange[1], defaultTimeout);
        }
        node.allowOnly(Set.of("segments", "features", "rewardRange", "bufferTimeout"));
        double[] range =
                node.numbers("rewardRange", defaultRange, -Double.MAX_VALUE, Double.MAX_VALUE);
        if (range.length != 2 || !(range[0] < range[1])) {
            throw new JobConfigException(
                    node.path("rewardRange") + ": must be [low, high] with low < high");
        }
        Duration bufferTimeout = node.duration("bufferTimeout", defaultTimeout);
        if (bufferTimeout.toMillis() > 1_000) {
            throw new JobConfigException(
                    node.path("bufferTimeout") + ": at most 1s (answers are waited for)");
        }
        return new Requests(
                true,
                node.texts("segments", List.of()),
                node.texts("features", List.of()),
                range[0],
                range[1],
                bufferTimeout);
    }

    private static ColdStart coldStart(ConfigNode node, Time time) {
        Duration defaultHalfLife = Duration.ofDays(14);
        if (node == null) {
            return new ColdStart(false, defaultHalfLife, 48);
        }
        node.allowOnly(Set.of("pooling", "halfLife", "strength"));
        boolean byCategory =
                node.oneOf("pooling", "none", Set.of("none", "category")).equals("category");
        Duration halfLife = node.duration("halfLife", defaultHalfLife);
        if (halfLife.compareTo(time.round()) < 0) {
            throw new JobConfigException(node.path("halfLife") + ": at least one round");
        }
        return new ColdStart(byCategory, halfLife, node.number("strength", 48, 1, 1_000_000));
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

    private static Context context(ConfigNode node) {
        List<String> defaultBands = List.of("low", "mid", "high");
        if (node == null) {
            return new Context(defaultBands);
        }
        node.allowOnly(Set.of("priceBands"));
        return new Context(node.texts("priceBands", defaultBands));
    }

    private static GuardrailSettings guardrails(ConfigNode node) {
        if (node == null) {
            return GuardrailSettings.none();
        }
        node.allowOnly(
                Set.of(
                        "bidBounds",
                        "products",
                        "productDailySpendCap",
                        "dailySpendCap",
                        "cpcSpike",
                        "explorationShare"));
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
        int trailing = 56;
        int minClicks = 3;
        int minRounds = 8;
        if (node.has("cpcSpike")) {
            ConfigNode spike =
                    node.section("cpcSpike")
                            .allowOnly(
                                    Set.of("factor", "trailingRounds", "minClicks", "minRounds"));
            factor = spike.number("factor", 3, 1, 1_000);
            trailing = spike.integer("trailingRounds", trailing, 2, 100_000);
            minClicks = spike.integer("minClicks", minClicks, 1, 1_000_000);
            minRounds = spike.integer("minRounds", minRounds, 1, 100_000);
        }
        return new GuardrailSettings(
                bounds[0],
                bounds[1],
                products,
                node.number(
                        "productDailySpendCap",
                        Double.POSITIVE_INFINITY,
                        0,
                        Double.POSITIVE_INFINITY),
                node.number("dailySpendCap", Double.POSITIVE_INFINITY, 0, Double.POSITIVE_INFINITY),
                factor,
                trailing,
                minClicks,
                minRounds,
                node.number("explorationShare", 1, 0, 1));
    }

    private static double[] bounds(ConfigNode node) {
        node.allowOnly(Set.of("min", "max"));
        double min = node.number("min", 0, 0, Double.MAX_VALUE);
        double max = node.number("max", Double.POSITIVE_INFINITY, 0, Double.POSITIVE_INFINITY);
        if (!(min <= max)) {
            throw new JobConfigException(node.path("max") + ": must be at least min");
        }
        return new double[] {min, max};
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

    private static Reward reward(ConfigNode node) {
        if (node == null) {
            node = new ConfigNode(new YAMLMapper().createObjectNode(), "reward");
        }
        node.allowOnly(
                Set.of(
                        "trafficTrailingDays",
                        "trafficMinShare",
                        "lowQuantile",
                        "highQuantile",
                        "initialRange",
                        "minRounds",
                        "historyRounds"));
        double[] initial =
                node.numbers(
                        "initialRange", new double[] {-1, 5}, -Double.MAX_VALUE, Double.MAX_VALUE);
        if (initial.length != 2 || !(initial[0] < initial[1])) {
            throw new JobConfigException(
                    node.path("initialRange") + ": must be [low, high] with low < high");
        }
        Reward reward =
                new Reward(
                        node.integer("trafficTrailingDays", 14, 1, 365),
                        node.number("trafficMinShare", 0.05, 1e-6, 1),
                        node.number("lowQuantile", 0.05, 0, 1),
                        node.number("highQuantile", 0.95, 0, 1),
                        initial[0],
                        initial[1],
                        node.integer("minRounds", 24, 2, 100_000),
                        node.integer("historyRounds", 112, 2, 100_000));
        if (!(reward.lowQuantile() < reward.highQuantile())) {
            throw new JobConfigException(node.path("highQuantile") + ": must be above lowQuantile");
        }
        if (reward.historyRounds() < reward.minRounds()) {
            throw new JobConfigException(
                    node.path("historyRounds") + ": must be at least minRounds");
        }
        return reward;
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
        return with(k, coldStart);
    }

    /** This job with another cold start (studies on a market without a catalog topic). */
    public JobConfig withColdStart(ColdStart other) {
        return with(kafka, other);
    }

    /** This job with the sections that the copies above replace. */
    private JobConfig with(Kafka otherKafka, ColdStart otherColdStart) {
        return new JobConfig(
                name,
                otherKafka,
                time,
                bidGrid,
                baselineBid,
                learner,
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

    private static RoundClock clock(Time time) {
        try {
            return new RoundClock(
                    time.round(),
                    time.roundsPerBatch(),
                    time.attributionWindow(),
                    time.decisionLead());
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
                        clock().periodsPerDay())
                : null;
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
    private io.banditflow.core.policy.Learner learnerOf(BidGrid grid, Learner l) {
        int arms = grid.size();
        int d = contextDimension();
        return switch (l.algorithm()) {
            case "batch-exp3", "exp3-ix" -> {
                Exp3Parameters exp3 =
                        new Exp3Parameters(
                                l.learningRate(), l.uniformMix(), l.implicitExploration());
                BidPrior prior = l.prior();
                yield new BatchExp3(
                        arms,
                        exp3,
                        prior == null ? null : prior.initialScores(grid, l.learningRate()));
            }
            case "linucb", "discounted-linucb" ->
                    new LinUcb(arms, d, l.alpha(), l.ridge(), l.discount());
            case "linear-thompson" ->
                    new LinearThompson(arms, d, l.posteriorScale(), l.ridge(), l.discount());
            case "beta-thompson" ->
                    new BetaThompson(
                            arms,
                            l.priorAlpha(),
                            l.priorBeta(),
                            l.discount(),
                            l.propensityDraws(),
                            l.seed());
            case "epsilon-greedy" ->
                    new EpsilonGreedy(arms, l.epsilon(), l.discount(), l.optimism());
            case "baseline" -> null;
            default -> throw new IllegalStateException("unknown algorithm " + l.algorithm());
        };
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
