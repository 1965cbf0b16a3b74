package io.banditflow.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banditflow.core.drift.DriftScope;
import io.banditflow.core.round.RoundClock;
import io.banditflow.core.sim.MarketScenario;
import io.banditflow.core.sim.MarketSimulator;
import io.banditflow.harness.MarketOptions;
import io.banditflow.job.config.JobConfig;
import io.banditflow.job.sink.KafkaJobSinks;
import io.banditflow.job.source.KafkaEventSources;
import io.banditflow.job.topology.BanditflowTopology;
import io.banditflow.local.EmbeddedKafka;
import io.banditflow.local.LocalFlink;
import io.banditflow.local.TemporaryDirectory;
import io.banditflow.ops.CommittedTopics;
import io.banditflow.ops.ToolArguments;
import io.banditflow.ops.ToolExit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * The embedded default: one command, no setup. Starts a KRaft broker and a local Flink environment
 * (RocksDB, incremental exactly-once checkpoints, from {@code conf/config.yaml}), submits the
 * production topology with Kafka sources and sinks, and closes the loop with the seeded market
 * simulator as a Kafka client. Ends with the profit table.
 *
 * <p>Options: {@code --job jobs/demo.yaml --products 120 --days 30 --seed 42 --baseline-bid 0.15
 * --shift-day 15 --corrupt 0.002 --prometheus-port 0} (0: no reporter); through Maven, {@code
 * -Ddemo.days=60} and so on (pom.xml).
 */
public final class DemoMain {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every option: the market's ({@link MarketOptions}) and the demo's own two. */
    public static final List<String> OPTIONS = MarketOptions.namesAnd("corrupt", "prometheus-port");

    private DemoMain() {}

    public static void main(String[] args) throws Exception {
        ToolExit.run("demo", () -> run(args));
    }

    private static void run(String[] args) throws Exception {
        ParameterTool params = ToolArguments.parse(args, OPTIONS);
        MarketOptions options = MarketOptions.of(params);
        JobConfig config = JobConfig.load(options.job());
        int products = options.products();
        int days = options.days();
        long seed = options.seed();
        double baselineBid = options.baselineBid();
        int shiftDay = options.shiftDay();
        double corruptionRate = params.getDouble("corrupt", 0.002);
        long start = options.start().toEpochMilli();

        long wallStart = System.currentTimeMillis();
        RoundClock clock = config.clock();
        int rounds = days * clock.periodsPerDay();
        System.out.printf(
                "banditflow demo: %d products, %d days (%d rounds of %s), seed %d, market shift on day %d%n",
                products, days, rounds, config.time().round(), seed, shiftDay);
        try (TemporaryDirectory checkpoints =
                        TemporaryDirectory.create("banditflow-demo-checkpoints-");
                EmbeddedKafka kafka = EmbeddedKafka.start()) {
            JobConfig job = config.withBootstrapServers(kafka.bootstrapServers());
            JobConfig.Kafka topics = job.kafka();
            kafka.createJobTopics(topics, 2);
            System.out.printf("Kafka broker (KRaft) on %s%n", kafka.bootstrapServers());

            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(
                            flinkConfiguration(
                                    checkpoints.path(), params.getInt("prometheus-port", 0)));
            BanditflowTopology.build(
                    env,
                    job,
                    new KafkaEventSources(topics, false),
                    new KafkaJobSinks(topics, true));
            JobClient client = env.executeAsync("banditflow " + job.name());
            System.out.printf(
                    "Flink job %s running (parallelism %d, RocksDB, exactly-once)%n",
                    client.getJobID(), env.getParallelism());

            MarketScenario scenario = options.scenario(clock);
            ClosedLoopMarket market =
                    new ClosedLoopMarket(
                            new MarketSimulator(scenario, seed),
                            job,
                            kafka.bootstrapServers(),
                            baselineBid,
                            corruptionRate,
                            seed,
                            rounds,
                            System.out);
            market.run(clock.roundOf(start), rounds, wallStart);

            Map<String, Long> deadLetters =
                    awaitDeadLetters(kafka, topics, market.report.corrupted());
            Map<String, Long> late = countField(kafka, topics.lateTopic(), "reason");
            Map<String, Long> signals =
                    countField(kafka, topics.signalsTopic(), "action", "scope", "metric");
            List<String> marketWide = marketWideSignals(kafka, topics.signalsTopic(), start);
            LocalFlink.cancel(client);
            market.report.print(
                    System.out,
                    deadLetters,
                    late,
                    signals,
                    marketWide,
                    (System.currentTimeMillis() - wallStart) / 1000.0);
            System.out.printf(
                    "Decision topic on the broker: %s%n", kafka.stored(topics.decisionsTopic()));
        }
    }

    /**
     * The cluster settings of conf/config.yaml, with a checkpoint every second for the demo, and
     * its Prometheus reporter on {@code prometheusPort} unless that is 0 (docs/operations.md,
     * "Metrics": the picture of the dashboard's panels is taken from such a run).
     */
    private static Configuration flinkConfiguration(Path checkpoints, int prometheusPort) {
        Configuration conf = LocalFlink.localFlink(checkpoints, Duration.ofSeconds(1));
        conf.setString("execution.checkpointing.min-pause", "0s");
        return prometheusPort == 0 ? conf : LocalFlink.withPrometheusReporter(conf, prometheusPort);
    }

    /** Dead letters are committed with the next checkpoint: wait (bounded) until all have come. */
    private static Map<String, Long> awaitDeadLetters(
            EmbeddedKafka kafka, JobConfig.Kafka topics, long expected)
            throws InterruptedException {
        Map<String, Long> counts = Map.of();
        for (int attempt = 0; attempt < 40; attempt++) {
            counts = countField(kafka, topics.deadLettersTopic(), "reason");
            if (counts.values().stream().mapToLong(Long::longValue).sum() >= expected) {
                break;
            }
            Thread.sleep(250);
        }
        return counts;
    }

    /** The market-wide monitor's signals in time order, as "day 15.4 FALLBACK CPC (ks 0.21)". */
    private static List<String> marketWideSignals(EmbeddedKafka kafka, String topic, long start) {
        return records(kafka, topic).stream()
                .filter(s -> DriftScope.GLOBAL.name().equals(s.path("scope").asText()))
                .sorted(Comparator.comparingLong(s -> s.path("effectiveTime").asLong()))
                .map(
                        s ->
                                String.format(
                                        Locale.ROOT,
                                        "day %.1f %s %s (%s %.2f)",
                                        (s.path("effectiveTime").asLong() - start) / 86_400_000.0
                                                + 1,
                                        s.path("action").asText(),
                                        s.path("metric").asText(),
                                        s.path("statistic").asText(),
                                        s.path("value").asDouble()))
                .toList();
    }

    /** How many records of a topic have each value of {@code fields} (joined by spaces). */
    private static Map<String, Long> countField(
            EmbeddedKafka kafka, String topic, String... fields) {
        return records(kafka, topic).stream()
                .map(
                        record ->
                                Arrays.stream(fields)
                                        .map(field -> record.path(field).asText())
                                        .collect(Collectors.joining(" ")))
                .collect(Collectors.groupingBy(v -> v, TreeMap::new, Collectors.counting()));
    }

    /** A topic's committed records, each read as JSON. */
    private static List<JsonNode> records(EmbeddedKafka kafka, String topic) {
        List<JsonNode> records = new ArrayList<>();
        for (var record : CommittedTopics.readAll(kafka.bootstrapServers(), topic)) {
            try {
                records.add(JSON.readTree(record.value()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("unreadable record on " + topic, e);
            }
        }
        return records;
    }
}
