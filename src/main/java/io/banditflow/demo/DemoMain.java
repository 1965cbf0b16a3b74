package io.banditflow.demo;

import io.banditflow.core.round.RoundClock;
import io.banditflow.core.sim.MarketScenario;
import io.banditflow.core.sim.MarketSimulator;
import io.banditflow.job.config.JobConfig;
import io.banditflow.job.sink.KafkaJobSinks;
import io.banditflow.job.source.KafkaEventSources;
import io.banditflow.job.topology.BanditflowTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.RestOptions;
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
 * --shift-day 15 --corrupt 0.002}; through Maven, {@code -Ddemo.days=60} and so on (pom.xml).
 */
public final class DemoMain {
    private DemoMain() {}

    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
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
                            flinkConfiguration(checkpoints.path()));
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
            Map<String, Long> signals = countField(kafka, topics.signalsTopic(), "action");
            cancel(client);
            market.report.print(
                    System.out,
                    deadLetters,
                    late,
                    signals,
                    (System.currentTimeMillis() - wallStart) / 1000.0);
            System.out.printf(
                    "Decision topic on the broker: %s%n", kafka.stored(topics.decisionsTopic()));
        }
    }

    /**
     * Cancels the job and waits for its end: before the broker stops, or the sources log its
     * absence, and before its checkpoint directory goes.
     */
    static void cancel(JobClient client) throws Exception {
        client.cancel().get();
        try {
            client.getJobExecutionResult().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException cancelled) {
            // the expected end of a cancelled job
        }
    }

    /** The cluster settings of conf/config.yaml, with a checkpoint every second for the demo. */
    private static Configuration flinkConfiguration(Path checkpoints) {
        Configuration conf = localFlink(checkpoints, Duration.ofSeconds(1));
        conf.setString("execution.checkpointing.min-pause", "0s");
        return conf;
    }

    /**
     * The cluster settings of conf/config.yaml for a local run: no Prometheus port, any REST port,
     * checkpoints in {@code checkpoints} every {@code interval}.
     */
    static Configuration localFlink(Path checkpoints, Duration interval) {
        Configuration conf = GlobalConfiguration.loadConfiguration("conf");
        conf.removeKey("metrics.reporter.prom.factory.class");
        conf.removeKey("metrics.reporter.prom.port");
        conf.set(RestOptions.PORT, 0);
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        conf.setString("execution.checkpointing.interval", interval.toMillis() + "ms");
        return conf;
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

    private static Map<String, Long> countField(EmbeddedKafka kafka, String topic, String field) {
        List<String> values =
                KafkaTopics.readAll(kafka.bootstrapServers(), topic).stream()
                        .map(r -> r.value().replaceAll(".*\"" + field + "\":\"([A-Z_]+)\".*", "$1"))
                        .toList();
        return values.stream()
                .collect(Collectors.groupingBy(v -> v, TreeMap::new, Collectors.counting()));
    }
}
