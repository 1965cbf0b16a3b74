package io.banditflow.benchmark;

import io.banditflow.job.config.JobConfig;
import io.banditflow.job.sink.KafkaJobSinks;
import io.banditflow.job.source.KafkaEventSources;
import io.banditflow.job.topology.BanditflowTopology;
import io.banditflow.local.EmbeddedKafka;
import io.banditflow.local.LocalFlink;
import io.banditflow.local.LocalTopics;
import io.banditflow.local.TemporaryDirectory;
import io.banditflow.ops.ToolArguments;
import io.banditflow.ops.ToolExit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Request-to-answer latency of requests mode under a steady load, end to end: a producer writes
 * decision requests at a fixed rate to an embedded KRaft broker, the job (the production topology,
 * RocksDB, exactly-once checkpoints at the configured interval) answers them, and a consumer reads
 * the answers. Latency is measured from each request's <em>scheduled</em> send time, so a stalled
 * producer does not hide queueing (no coordinated omission), to the consumer receiving its answer.
 *
 * <pre>
 * mvn -q compile exec:exec@request-latency [-Dbench.rate=10000 -Dbench.seconds=30
 *     -Dbench.job=jobs/sponsored-search-requests.yaml]
 * </pre>
 */
public final class RequestLatencyBenchmark {
    /** A measured request's id is {@code q-<index>}; the start-up probes' {@code probe}. */
    private static final Pattern REQUEST_ID = Pattern.compile("\"requestId\":\"(q-(\\d+)|probe)\"");

    private static final String[] SEGMENTS = {"new", "returning", "loyal"};
    private static final String[] DEVICES = {"DESKTOP", "MOBILE", "TABLET"};

    /** Every option, as the class comment documents them. */
    public static final List<String> OPTIONS =
            List.of("job", "rate", "seconds", "warmup", "products", "checkpoint-interval-seconds");

    private RequestLatencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        ToolExit.run("request latency benchmark", () -> run(args));
    }

    private static void run(String[] args) throws Exception {
        ParameterTool params = ToolArguments.parse(args, OPTIONS);
        JobConfig config =
                JobConfig.load(Path.of(params.get("job", "jobs/sponsored-search-requests.yaml")));
        int rate = params.getInt("rate", 10_000);
        int seconds = params.getInt("seconds", 30);
        int warmupSeconds = params.getInt("warmup", 30);
        int products = params.getInt("products", 1_000);
        Duration checkpointInterval =
                Duration.ofSeconds(params.getInt("checkpoint-interval-seconds", 10));
        if (!config.requests().enabled()) {
            throw new IllegalArgumentException("the job file has no requests section");
        }
        int total = rate * (warmupSeconds + seconds);
        System.out.printf(
                "request latency: %s (%s), %,d requests/s for %d s after %d s of warm-up,"
                        + " %,d products, checkpoints every %s%n",
                config.name(),
                config.learner().algorithm(),
                rate,
                seconds,
                warmupSeconds,
                products,
                checkpointInterval);

        try (TemporaryDirectory checkpoints =
                        TemporaryDirectory.create("banditflow-latency-checkpoints-");
                EmbeddedKafka kafka = EmbeddedKafka.start()) {
            JobConfig job = config.withBootstrapServers(kafka.bootstrapServers());
            JobConfig.Kafka topics = job.kafka();
            kafka.createJobTopics(topics, 2);
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(
                            flinkConfiguration(checkpoints.path(), checkpointInterval));
            BanditflowTopology.build(
                    env,
                    job,
                    new KafkaEventSources(topics, false),
                    new KafkaJobSinks(topics, true));
            JobClient client = env.executeAsync("banditflow " + job.name());

            long[] answeredAt = new long[total];
            AtomicLong answers = new AtomicLong();
            CountDownLatch firstAnswer = new CountDownLatch(1);
            Thread reader =
                    new Thread(
                            () ->
                                    readAnswers(
                                            kafka.bootstrapServers(),
                                            topics.decisionsTopic(),
                                            answeredAt,
                                            answers,
                                            firstAnswer),
                            "answers");
            reader.setDaemon(true);
            reader.start();

            try (KafkaProducer<String, String> producer = producer(kafka.bootstrapServers())) {
                // one request until the job answers: it is running and its sources are assigned
                long probeDeadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
                while (firstAnswer.getCount() > 0 && System.nanoTime() < probeDeadline) {
                    producer.send(request(topics.requestsTopic(), -1, products));
                    firstAnswer.await(1, TimeUnit.SECONDS);
                }
                if (firstAnswer.getCount() > 0) {
                    throw new IllegalStateException("the job did not answer within 2 minutes");
                }
                long[] scheduled = new long[total];
                long start = System.nanoTime();
                long gapNanos = 1_000_000_000L / rate;
                for (int i = 0; i < total; i++) {
                    scheduled[i] = start + i * gapNanos;
                    long wait = scheduled[i] - System.nanoTime();
                    if (wait > 50_000) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    producer.send(request(topics.requestsTopic(), i, products));
                }
                producer.flush();
                double sendSeconds = (System.nanoTime() - start) / 1e9;
                long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (answers.get() < total && System.nanoTime() < drainDeadline) {
                    TimeUnit.MILLISECONDS.sleep(100);
                }
                report(scheduled, answeredAt, rate * warmupSeconds, total, sendSeconds);
                timeline(scheduled, answeredAt, rate * warmupSeconds, total, rate);
            }
            LocalFlink.cancel(client);
        }
    }

    private static ProducerRecord<String, String> request(String topic, int i, int products) {
        String product = "p" + Math.floorMod(i * 7919, products);
        String json =
                "{\"requestId\":\""
                        + (i < 0 ? "probe" : "q-" + i)
                        + "\",\"productId\":\""
                        + product
                        + "\",\"eventTime\":"
                        + System.currentTimeMillis()
                        + ",\"segment\":\""
                        + SEGMENTS[Math.floorMod(i, SEGMENTS.length)]
                        + "\",\"device\":\""
                        + DEVICES[Math.floorMod(i / 3, DEVICES.length)]
                        + "\",\"features\":{\"queryMatch\":"
                        + (Math.floorMod(i, 10) / 10.0)
                        + ",\"pagePosition\":-0.5}}";
        return new ProducerRecord<>(topic, product, json);
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ProducerConfig.LINGER_MS_CONFIG, "0",
                        ProducerConfig.ACKS_CONFIG, "1"),
                new StringSerializer(),
                new StringSerializer());
    }

    /** Records when each request's first answer arrived. */
    private static void readAnswers(
            String bootstrap,
            String topic,
            long[] answeredAt,
            AtomicLong answers,
            CountDownLatch firstAnswer) {
        LocalTopics.follow(
                bootstrap,
                "latency-benchmark",
                topic,
                Duration.ofMillis(20),
                value -> {
                    long now = System.nanoTime();
                    Matcher m = REQUEST_ID.matcher(value);
                    if (!m.find()) {
                        return;
                    }
                    firstAnswer.countDown();
                    if (m.group(2) != null) {
                        int i = Integer.parseInt(m.group(2));
                        if (answeredAt[i] == 0) {
                            answeredAt[i] = now;
                            answers.incrementAndGet();
                        }
                    }
                });
    }

    private static void report(
            long[] scheduled, long[] answeredAt, int warmup, int total, double sendSeconds) {
        long[] latencies =
                java.util.stream.IntStream.range(warmup, total)
                        .filter(i -> answeredAt[i] != 0)
                        .mapToLong(i -> answeredAt[i] - scheduled[i])
                        .sorted()
                        .toArray();
        int measured = total - warmup;
        System.out.printf(
                "sent %,d requests in %.1f s (%,.0f/s); answered %,d of the %,d measured%n",
                total, sendSeconds, total / sendSeconds, latencies.length, measured);
        if (latencies.length == 0) {
            return;
        }
        System.out.printf(
                "latency, request scheduled → answer read (ms): p50 %.1f  p95 %.1f  p99 %.1f"
                        + "  p99.9 %.1f  max %.1f  mean %.1f%n",
                quantile(latencies, 0.50),
                quantile(latencies, 0.95),
                quantile(latencies, 0.99),
                quantile(latencies, 0.999),
                latencies[latencies.length - 1] / 1e6,
                Arrays.stream(latencies).average().orElse(0) / 1e6);
    }

    /** Each second's median and worst latency, to tell steady queueing from periodic stalls. */
    private static void timeline(
            long[] scheduled, long[] answeredAt, int warmup, int total, int rate) {
        StringBuilder line = new StringBuilder("per second (p50/max ms):");
        for (int from = warmup; from < total; from += rate) {
            long[] second =
                    java.util.stream.IntStream.range(from, Math.min(total, from + rate))
                            .filter(i -> answeredAt[i] != 0)
                            .mapToLong(i -> answeredAt[i] - scheduled[i])
                            .sorted()
                            .toArray();
            if (second.length > 0) {
                line.append(
                        String.format(
                                " %.0f/%.0f",
                                quantile(second, 0.5), second[second.length - 1] / 1e6));
            }
        }
        System.out.println(line);
    }

    private static double quantile(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    /** The cluster settings of conf/config.yaml, with the benchmark's checkpoint interval. */
    private static Configuration flinkConfiguration(Path checkpoints, Duration interval) {
        Configuration conf = LocalFlink.localFlink(checkpoints, interval);
        // -Dunaligned=true: barriers overtake queued requests instead of blocking them
        conf.setString(
                "execution.checkpointing.unaligned.enabled",
                System.getProperty("unaligned", "false"));
        return conf;
    }
}
