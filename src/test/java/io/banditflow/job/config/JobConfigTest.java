package io.banditflow.job.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.bid.BidGrid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class JobConfigTest {
    static final String MINIMAL =
            """
            name: j
            kafka:
              bootstrapServers: 127.0.0.1:9092
              topics: {impressions: i, clicks: c, conversions: v, decisions: d, deadLetters: x, late: l, signals: s, control: k}
            bids: {}
            learner: {}
            """;

    /**
     * A character outside the BMP (an emoji, two chars) straddling the YAML reader's 1024-character
     * window: SnakeYAML 2.3 threw IndexOutOfBoundsException there (jackson-dataformats-text#508);
     * every position around the window reads.
     */
    @Test
    void shouldReadAJobFileWithAnEmojiWhereverItFalls() throws Exception {
        String job = Files.readString(Path.of("jobs/sponsored-search.yaml"));
        for (int at = 1010; at < 1040; at++) {
            String yaml = "# " + "x".repeat(at - 2) + "\uD83D\uDE00 a comment\n" + job;
            assertEquals("sponsored-search", JobConfig.parse(yaml).name(), "emoji at " + at);
        }
    }

    /**
     * The global cap throttles unless a pacer's λ paces the decisions themselves: no cap, no
     * throttle; a cap alone, or paced learners whose bids follow λ only through what they learn (or
     * the baseline), throttled; value-landscape paced, not.
     */
    @Test
    void shouldThrottleTheGlobalCapUnlessLambdaPacesTheDecisions() {
        String capped = MINIMAL + "guardrails: {dailySpendCap: 100}\n";
        String paced = capped + "pacing: {}\n";
        String landscape = "learner: {algorithm: value-landscape, prior: {bid: 0.15}}";
        assertNull(JobConfig.parse(MINIMAL).spendThrottle(), "no cap");
        assertNotNull(JobConfig.parse(capped).spendThrottle(), "a cap without pacing");
        assertNotNull(
                JobConfig.parse(paced.replace("learner: {}", "learner: {algorithm: batch-exp3}"))
                        .spendThrottle(),
                "Batch EXP3 paced");
        assertNotNull(
                JobConfig.parse(paced.replace("learner: {}", "learner: {algorithm: baseline}"))
                        .spendThrottle(),
                "the baseline paced");
        assertNotNull(
                JobConfig.parse(capped.replace("learner: {}", landscape)).spendThrottle(),
                "value-landscape capped, not paced");
        assertNull(
                JobConfig.parse(paced.replace("learner: {}", landscape)).spendThrottle(),
                "value-landscape paced");
    }

    static Stream<Path> jobFiles() throws Exception {
        return Files.list(Path.of("jobs")).filter(p -> p.toString().endsWith(".yaml"));
    }

    @ParameterizedTest
    @MethodSource("jobFiles")
    void shouldLoadEveryJobFileInTheRepository(Path file) {
        JobConfig config = JobConfig.load(file);
        config.policy();
        config.trafficProfile();
    }

    @Test
    void shouldApplyTheFieldDefaults() {
        JobConfig config = JobConfig.parse(MINIMAL);
        assertEquals(Duration.ofHours(3), config.time().round());
        assertEquals(8, config.time().roundsPerBatch());
        assertEquals(Duration.ofDays(2), config.time().attributionWindow());
        assertEquals(
                BidGrid.sponsoredSearchDefault().toString(),
                new BidGrid(config.bidGrid()).toString());
        assertEquals("value-landscape", config.learner().algorithm());
        assertEquals("committed", config.kafka().startingOffsets());
        assertEquals(56, config.inactivityRounds());
    }

    @Test
    void shouldGiveKafkaClientsTheJobFilesPropertiesAndProducersLz4AndTheirOwnOnTop() {
        JobConfig config =
                JobConfig.parse(
                        MINIMAL.replace(
                                "  topics:",
                                "  properties: {security.protocol: SASL_SSL, request.timeout.ms:"
                                        + " 60000}\n"
                                        + "  producer: {compression.type: zstd, request.timeout.ms:"
                                        + " 90000}\n"
                                        + "  topics:"));
        JobConfig.Kafka kafka = config.withBootstrapServers("127.0.0.1:1").kafka();
        Properties consumer = kafka.clientConfig();
        assertEquals(2, consumer.size());
        assertEquals("SASL_SSL", consumer.getProperty("security.protocol"));
        assertEquals("60000", consumer.getProperty("request.timeout.ms"));
        Properties producer = kafka.producerConfig();
        assertEquals("SASL_SSL", producer.getProperty("security.protocol"));
        assertEquals("90000", producer.getProperty("request.timeout.ms"));
        assertEquals("zstd", producer.getProperty("compression.type"));
        assertEquals("50", producer.getProperty("linger.ms"));
        assertEquals(4, producer.size());
        Properties byDefault = JobConfig.parse(MINIMAL).kafka().producerConfig();
        assertEquals(2, byDefault.size());
        assertEquals("lz4", byDefault.getProperty("compression.type"));
        assertEquals("50", byDefault.getProperty("linger.ms"));
        assertTrue(JobConfig.parse(MINIMAL).kafka().clientConfig().isEmpty());
    }

    /** The operations runbook's way to keep a password out of the job file, as Kafka reads it. */
    @Test
    void shouldLeaveSecretsToKafkasConfigurationProviders(@TempDir Path dir) throws Exception {
        Path secrets = Files.writeString(dir.resolve("kafka.properties"), "jaas=secret-login\n");
        JobConfig config =
                JobConfig.parse(
                        MINIMAL.replace(
                                "  topics:",
                                "  properties:\n"
                                        + "    config.providers: file\n"
                                        + "    config.providers.file.class:"
                                        + " org.apache.kafka.common.config.provider.FileConfigProvider\n"
                                        + "    sasl.jaas.config: '${file:"
                                        + secrets
                                        + ":jaas}'\n"
                                        + "  topics:"));
        Properties client = config.kafka().clientConfig();
        client.put("bootstrap.servers", "127.0.0.1:1");
        client.put("key.deserializer", StringDeserializer.class.getName());
        client.put("value.deserializer", StringDeserializer.class.getName());
        assertEquals(
                "secret-login", new ConsumerConfig(client).getPassword("sasl.jaas.config").value());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "properties: {bootstrap.servers: b:9092} | kafka.properties.bootstrap.servers: set by the job (kafka.bootstrapServers)",
                "producer: {transactional.id: t}         | kafka.producer.transactional.id: set by the job (kafka.transactionalIdPrefix)",
                "properties: {isolation.level: read_uncommitted} | kafka.properties.isolation.level: set by the job",
                "producer: {enable.idempotence: false}   | kafka.producer.enable.idempotence: set by the job",
                "properties: {sasl.jaas.config: [a]}     | kafka.properties.sasl.jaas.config: must be a text, number or boolean",
                "producer: [compression.type]            | kafka.producer: must be a mapping of properties",
                "consumer: {fetch.min.bytes: 1}          | kafka.consumer: unknown key"
            })
    void shouldRefuseKafkaPropertiesTheJobOwnsOrCannotRead(String section, String error) {
        String job = MINIMAL.replace("  topics:", "  " + section + "\n  topics:");
        JobConfigException e = assertThrows(JobConfigException.class, () -> JobConfig.parse(job));
        assertTrue(e.getMessage().startsWith(error), e.getMessage());
    }

    @Test
    void shouldAcceptShortDurations() {
        JobConfig config =
                JobConfig.parse(
                        MINIMAL + "time: {round: 6h, attributionWindow: 2d, decisionLead: 90s}\n");
        assertEquals(Duration.ofHours(6), config.time().round());
        assertEquals(Duration.ofDays(2), config.time().attributionWindow());
        assertEquals(Duration.ofSeconds(90), config.time().decisionLead());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "time: {round: 5h}                             | time: round length must divide a day",
                "time: {round: three hours}                    | time.round: 'three hours' is not a duration",
                "time: {roundsPerBatch: 0}                     | time.roundsPerBatch: 0 is outside",
                "time: {rounds: 3}                             | time.rounds: unknown key",
                "reward: {lowQuantile: 0.9, highQuantile: 0.1} | reward.highQuantile: must be above lowQuantile",
                "reward: {initialRange: [5, 1]}                | reward.initialRange: must be [low, high]",
                "extra: 1                                      | extra: unknown key",
                "drift: {currentWindow: PT90M}                 | drift.currentWindow: must be a positive whole number of rounds",
                "drift: {onRecovery: forget}                   | drift.onRecovery: 'forget' is not one of",
                "drift: {ksAlpha: 0.9}                         | drift.ksAlpha: 0.9 is outside",
                "guardrails: {bidBounds: {min: 0.5, max: 0.6}} | guardrails: bid bounds [0.5, 0.6] leave no bid",
                "guardrails: {bidBounds: {min: 0.3, max: 0.1}} | guardrails.bidBounds.max: must be at least min",
                "guardrails: {cpcSpike: {factor: 0.5}}         | guardrails.cpcSpike.factor: 0.5 is outside",
                "guardrails: {products: {p1: {max: 0.001}}}    | guardrails: bid bounds [0.0, 0.001] leave no bid",
                "coldStart: {pooling: category}                | coldStart.pooling: category needs kafka.topics.catalog",
                "coldStart: {pooling: product}                 | coldStart.pooling: 'product' is not one of",
                "coldStart: {halfLife: PT1H}                   | coldStart.halfLife: at least one round",
                "coldStart: {strength: 0}                      | coldStart.strength: 0.0 is outside [1.0, 1000000.0]",
                "shadows: {lin: {algorithm: linucb}}           | kafka.topics.shadow: required key is missing",
                "pacing: {}                                    | pacing: paces to guardrails.dailySpendCap, which is not set",
                "pacing: {stepPerPlannedRound: -1}             | pacing.stepPerPlannedRound: -1.0 is outside",
                "pacing: {repayDays: 0.5}                      | pacing.repayDays: 0 (each day alone) or at least 1 day",
            })
    void shouldNameTheOffendingKey(String addition, String expected) {
        JobConfigException e =
                assertThrows(
                        JobConfigException.class, () -> JobConfig.parse(MINIMAL + addition + "\n"));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }

    @Test
    void shouldNameKeysInNestedSections() {
        String yaml =
                MINIMAL.replace(
                        "learner: {}", "learner: {algorithm: batch-exp3, learningRate: -1}");
        assertTrue(
                assertThrows(JobConfigException.class, () -> JobConfig.parse(yaml))
                        .getMessage()
                        .startsWith("learner.learningRate:"));
        String grid = MINIMAL.replace("bids: {}", "bids: {grid: [0.1, 0.05]}");
        assertTrue(
                assertThrows(JobConfigException.class, () -> JobConfig.parse(grid))
                        .getMessage()
                        .startsWith("bids.grid:"));
        String topic = MINIMAL.replace("late: l,", "late: 7,");
        assertTrue(
                assertThrows(JobConfigException.class, () -> JobConfig.parse(topic))
                        .getMessage()
                        .startsWith("kafka.topics.late:"));
        String algorithm = MINIMAL.replace("learner: {}", "learner: {algorithm: ucb9}");
        assertTrue(
                assertThrows(JobConfigException.class, () -> JobConfig.parse(algorithm))
                        .getMessage()
                        .startsWith("learner.algorithm: 'ucb9'"));
        String prior =
                MINIMAL.replace(
                        "learner: {}",
                        "learner: {algorithm: batch-exp3, prior: {concentration: 2}}");
        assertTrue(
                assertThrows(JobConfigException.class, () -> JobConfig.parse(prior))
                        .getMessage()
                        .startsWith("learner.prior.bid:"));
    }

    /**
     * A job file that names no learner gets the one the shipped job files name, the one that earns
     * most (docs/learners.md), not the paper-exact Batch EXP3 that earns less than a fixed bid.
     */
    @Test
    void shouldLearnWithValueLandscapeWhenTheJobFileNamesNoLearner() {
        assertEquals("value-landscape", JobConfig.parse(MINIMAL).policy().algorithm());
        assertEquals(
                "value-landscape",
                JobConfig.parse(MINIMAL.replace("learner: {}", "learner: {prior: {bid: 0.2}}"))
                        .policy()
                        .algorithm());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{algorithm: batch-exp3, learningRate: 0.1} | batch-exp3",
                "{algorithm: exp3-ix, implicitExploration: 0.01} | exp3-ix",
                "{algorithm: linucb, alpha: 1.5, ridge: 2} | linucb",
                "{algorithm: discounted-linucb, discount: 0.95} | discounted-linucb",
                "{algorithm: linear-thompson, posteriorScale: 0.5} | linear-thompson",
                "{algorithm: beta-thompson, priorAlpha: 2, propensityDraws: 500} | beta-thompson",
                "{algorithm: epsilon-greedy, epsilon: 0.05, discount: 0.99} | epsilon-greedy",
                "{algorithm: baseline} | baseline"
            })
    void shouldBuildEveryLearner(String learner, String algorithm) {
        JobConfig config = JobConfig.parse(MINIMAL.replace("learner: {}", "learner: " + learner));
        assertEquals(algorithm, config.policy().algorithm());
        assertEquals(algorithm.equals("baseline"), !config.policy().learns());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{algorithm: linucb, learningRate: 0.1} | learner.learningRate: not a parameter"
                        + " of linucb",
                "{algorithm: batch-exp3, implicitExploration: 0.1} | learner.implicitExploration:"
                        + " not a parameter of batch-exp3",
                "{algorithm: linucb, discount: 0.9} | learner.discount: not a parameter of linucb",
                "{algorithm: linucb, refactorEvery: 100} | learner.refactorEvery: not a parameter"
                        + " of linucb",
                "{algorithm: discounted-linucb, discount: 1} | learner.discount: discounted-linucb"
                        + " needs a discount below 1",
                "{algorithm: exp3-ix, implicitExploration: 0} | learner.implicitExploration:",
                "{algorithm: baseline, seed: 2, epsilon: 0.1} | learner.epsilon: not a parameter"
                        + " of baseline"
            })
    void shouldRejectParametersTheLearnerDoesNotTake(String learner, String expected) {
        String yaml = MINIMAL.replace("learner: {}", "learner: " + learner);
        String message =
                assertThrows(JobConfigException.class, () -> JobConfig.parse(yaml)).getMessage();
        assertTrue(message.startsWith(expected), message);
    }

    @Test
    void shouldReadPriceBands() {
        assertEquals(
                java.util.List.of("budget", "premium"),
                JobConfig.parse(MINIMAL + "context: {priceBands: [budget, premium]}\n")
                        .context()
                        .priceBands());
        assertTrue(
                assertThrows(
                                JobConfigException.class,
                                () -> JobConfig.parse(MINIMAL + "context: {priceBands: [a, a]}\n"))
                        .getMessage()
                        .startsWith("context.priceBands[1]:"));
    }

    @Test
    void shouldRejectBrokenYaml() {
        assertTrue(
                assertThrows(JobConfigException.class, () -> JobConfig.parse("name: ["))
                        .getMessage()
                        .contains("not valid YAML"));
    }

    @Test
    void shouldReadGuardrails() {
        JobConfig config =
                JobConfig.parse(
                        MINIMAL
                                + "guardrails: {bidBounds: {min: 0.03, max: 0.30},"
                                + " products: {p1: {min: 0.10}}, productDailySpendCap: 50,"
                                + " dailySpendCap: 2000, cpcSpike: {factor: 3}}\n");
        assertArrayEquals(new int[] {1, 11}, config.guards().boundedArms("p2"));
        assertArrayEquals(new int[] {5, 13}, config.guards().boundedArms("p1"));
        assertEquals(50, config.guardrails().productDailySpendCap());
        assertEquals(2000, config.guardrails().dailySpendCap());
        assertEquals(3, config.guardrails().cpcSpikeFactor());
        assertEquals(
                Double.POSITIVE_INFINITY, JobConfig.parse(MINIMAL).guardrails().dailySpendCap());
        assertEquals(1, JobConfig.parse(MINIMAL).guardrails().explorationShare());
        assertEquals(
                0.2,
                JobConfig.parse(MINIMAL + "guardrails: {explorationShare: 0.2}\n")
                        .guardrails()
                        .explorationShare());
    }

    @Test
    void shouldReadTheColdStartSection() {
        assertNull(JobConfig.parse(MINIMAL).categoryPooling(), "from scratch by default");
        JobConfig pooled =
                JobConfig.parse(
                        MINIMAL.replace("control: k}", "control: k, catalog: g}")
                                + "coldStart: {pooling: category, halfLife: P7D, strength: 24}\n");
        assertEquals(new JobConfig.ColdStart(true, Duration.ofDays(7), 24), pooled.coldStart());
        assertNotNull(pooled.categoryPooling());
    }

    @Test
    void shouldReadShadowPoliciesEachWithItsOwnLearner() {
        assertTrue(JobConfig.parse(MINIMAL).shadows().isEmpty());
        String withTopic = MINIMAL.replace("control: k}", "control: k, shadow: w}");
        JobConfig config =
                JobConfig.parse(
                        withTopic
                                + "shadows:\n  lin: {algorithm: linucb, alpha: 1.0}\n"
                                + "  greedy: {algorithm: epsilon-greedy, epsilon: 0.2}\n");
        assertEquals(List.of("lin", "greedy"), List.copyOf(config.shadows().keySet()));
        assertEquals(1.0, config.shadows().get("lin").get("alpha"));
        assertEquals("w", config.kafka().shadowTopic());
        assertEquals("linucb", config.shadowPolicies().get("lin").algorithm());
        assertEquals("epsilon-greedy", config.shadowPolicies().get("greedy").algorithm());

        for (String[] wrong :
                new String[][] {
                    {withTopic, "kafka.topics.shadow: only written with shadows"},
                    {
                        withTopic + "shadows: {base: {algorithm: baseline}}\n",
                        "shadows.base: a shadow must learn"
                    },
                    {
                        withTopic + "shadows: {lin: {algorithm: linucb, epsilon: 0.1}}\n",
                        "shadows.lin.epsilon: not a parameter of linucb"
                    }
                }) {
            JobConfigException e =
                    assertThrows(JobConfigException.class, () -> JobConfig.parse(wrong[0]));
            assertTrue(e.getMessage().startsWith(wrong[1]), e.getMessage());
        }
    }

    @Test
    void shouldReadTheExperimentEachVariantWithItsShareAndLearner() {
        assertNull(JobConfig.parse(MINIMAL).experiment());
        assertTrue(JobConfig.parse(MINIMAL).variantPolicies().isEmpty());
        JobConfig config =
                JobConfig.parse(
                        MINIMAL
                                + "experiment:\n  name: e1\n  variants:\n"
                                + "    control: {share: 0.7}\n"
                                + "    lin: {share: 0.3, learner: {algorithm: linucb}}\n");
        assertEquals("e1", config.experiment().name());
        assertEquals(List.of("control", "lin"), List.copyOf(config.variantPolicies().keySet()));
        assertEquals("value-landscape", config.variantPolicies().get("control").algorithm());
        assertEquals("linucb", config.variantPolicies().get("lin").algorithm());

        for (String[] wrong :
                new String[][] {
                    {
                        "experiment: {name: e, variants: {a: {share: 0.5}, b: {share: 0.4}}}",
                        "experiment.variants: variant shares must add up to 1"
                    },
                    {
                        "experiment: {name: e, variants: {a: {}}}",
                        "experiment.variants.a.share: required key is missing"
                    },
                    {
                        "experiment: {name: e, unit: user, variants: {a: {share: 1}}}",
                        "experiment.unit: 'user' is not one of"
                    }
                }) {
            JobConfigException e =
                    assertThrows(
                            JobConfigException.class, () -> JobConfig.parse(MINIMAL + wrong[0]));
            assertTrue(e.getMessage().startsWith(wrong[1]), e.getMessage());
        }
    }

    @Test
    void shouldReadTheRequestsSection() {
        JobConfig rounds = JobConfig.parse(MINIMAL);
        assertEquals(false, rounds.requests().enabled());
        String requests =
                MINIMAL.replace("control: k}", "control: k, requests: q}")
                                .replace("learner: {}", "learner: {algorithm: linucb}")
                        + "requests: {segments: [new, returning], features: [depth]}\n";
        JobConfig config = JobConfig.parse(requests);
        assertTrue(config.requests().enabled());
        assertEquals("q", config.kafka().requestsTopic());
        assertEquals(Duration.ofMillis(5), config.requests().bufferTimeout());
        // from minus the highest bid to the rounds' initial high
        assertEquals(-config.bidGrid()[config.bidGrid().length - 1], config.requests().rewardLow());
        assertEquals(5, config.requests().rewardHigh());
        assertEquals(10 + 2 + 4 + 1, config.requestFeatures().dimension());
        assertEquals(
                17,
                config.policy().newState().linear.b[0].length,
                "the learner sees the request's context");

        assertTrue(
                assertThrows(
                                JobConfigException.class,
                                () -> JobConfig.parse(MINIMAL + "requests: {}\n"))
                        .getMessage()
                        .startsWith("kafka.topics.requests: required"));
        assertTrue(
                assertThrows(
                                JobConfigException.class,
                                () ->
                                        JobConfig.parse(
                                                MINIMAL.replace(
                                                        "control: k}", "control: k, requests: q}")))
                        .getMessage()
                        .startsWith("kafka.topics.requests: only read in requests mode"));
        assertTrue(
                assertThrows(
                                JobConfigException.class,
                                () -> JobConfig.parse(requests + "  rewardRange: [2, 1]\n"))
                        .getMessage()
                        .contains("rewardRange"));
        String unnamed = requests.replace("learner: {algorithm: linucb}", "learner: {}");
        String message =
                assertThrows(JobConfigException.class, () -> JobConfig.parse(unnamed)).getMessage();
        assertTrue(
                message.startsWith(
                        "learner.algorithm: value-landscape learns from whole rounds; requests mode"
                                + " answers per request: name a learner"),
                "the default learner is a rounds learner, and the message says which to name: "
                        + message);
    }
}
