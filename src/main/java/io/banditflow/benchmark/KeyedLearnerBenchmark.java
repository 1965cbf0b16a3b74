package io.banditflow.benchmark;

import io.banditflow.core.policy.BatchExp3;
import io.banditflow.core.policy.Exp3Parameters;
import io.banditflow.core.policy.Learner;
import io.banditflow.core.policy.Learner.Choice;
import io.banditflow.core.policy.LinUcb;
import io.banditflow.core.policy.PlayedRound;
import io.banditflow.core.policy.PolicyState;
import io.banditflow.core.util.Seeds;
import io.banditflow.job.operator.policy.PolicyStateLayout;
import io.banditflow.local.LocalFlink;
import io.banditflow.local.TemporaryDirectory;
import io.banditflow.ops.ToolArguments;
import io.banditflow.ops.ToolExit;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import org.apache.flink.util.ParameterTool;

/**
 * What keyed state costs a learner: a bare keyed Flink job in which every event is one decision and
 * one update of a product's learner, held as the policy operator holds it (one {@link PolicyState}
 * value per product, {@link PolicyStateLayout#learner()}, Flink's POJO serializer) on RocksDB with
 * checkpoints on. Nothing else of the job runs, so the difference between learners, or between two
 * versions of a learner's state, is the state's layout: its bytes read and written per event.
 *
 * <pre>
 * mvn -q compile exec:exec@keyed-learner -Dkeyed.args="--learner linucb --dimension 16"
 * </pre>
 *
 * Options: {@code --learner batch-exp3|linucb}, {@code --dimension 16} (LinUCB's features), {@code
 * --products 10000}, {@code --events 2000000}, {@code --backend rocksdb|hashmap}, {@code
 * --checkpoint-interval-seconds 10}, {@code --managed-memory 2g}. Parallelism 1: one task thread.
 */
public final class KeyedLearnerBenchmark {
    private static final int ARMS = 14;
    private static final String PROCESSING_NANOS = "processingNanos";

    /** Every option, as the class comment documents them. */
    public static final List<String> OPTIONS =
            List.of(
                    "learner",
                    "dimension",
                    "products",
                    "events",
                    "backend",
                    "checkpoint-interval-seconds",
                    "managed-memory");

    private KeyedLearnerBenchmark() {}

    public static void main(String[] args) throws Exception {
        ToolExit.run("keyed learner benchmark", () -> run(args));
    }

    private static void run(String[] args) throws Exception {
        ParameterTool params = ToolArguments.parse(args, OPTIONS);
        String learnerName = params.get("learner", "linucb");
        int dimension = params.getInt("dimension", 16);
        int products = params.getInt("products", 10_000);
        long events = params.getLong("events", 2_000_000);
        String backend = params.get("backend", "rocksdb");
        Duration checkpointInterval =
                Duration.ofSeconds(params.getInt("checkpoint-interval-seconds", 10));
        String managedMemory = params.get("managed-memory", "2g");
        Learner learner = learner(learnerName, dimension);

        try (TemporaryDirectory checkpoints =
                TemporaryDirectory.create("banditflow-keyed-learner-checkpoints-")) {
            Configuration flink = LocalFlink.localFlink(checkpoints.path(), checkpointInterval);
            flink.setString("state.backend.type", backend);
            flink.setString("taskmanager.memory.managed.size", managedMemory);
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(flink);
            env.setParallelism(1);
            DataGeneratorSource<Long> source =
                    new DataGeneratorSource<>(
                            index -> index, events, RateLimiterStrategy.noOp(), Types.LONG);
            env.fromSource(source, WatermarkStrategy.noWatermarks(), "events")
                    .keyBy(index -> (int) (index % products), Types.INT)
                    .process(new DecideAndUpdate(learnerName, dimension))
                    .uid("decide-and-update")
                    .name("decide and update")
                    .sinkTo(new DiscardingSink<>());
            JobExecutionResult result = env.execute("keyed learner benchmark");
            double seconds = result.<Long>getAccumulatorResult(PROCESSING_NANOS) / 1e9;
            System.out.printf(
                    "%s%s, %,d products, %,d events on %s (%s managed, checkpoints every %s):"
                            + " %.1f s from the first event to the last (job %.1f s),"
                            + " %,.0f decide-and-update cycles/s; state %,d B per product%n",
                    learnerName,
                    learner.contextual() ? " d=" + dimension : "",
                    products,
                    events,
                    backend,
                    managedMemory,
                    checkpointInterval,
                    seconds,
                    result.getNetRuntime() / 1000.0,
                    events / seconds,
                    stateBytes(learner, dimension));
        }
    }

    static Learner learner(String name, int dimension) {
        return switch (name) {
            case "batch-exp3" -> new BatchExp3(ARMS, new Exp3Parameters(0.02, 0.05, 0));
            case "linucb" -> new LinUcb(ARMS, dimension, 0.5, 1, 1);
            default -> throw new IllegalArgumentException("--learner batch-exp3 | linucb");
        };
    }

    /**
     * Bytes of one product's state after updates, written with the serializer Flink keeps it by.
     */
    private static int stateBytes(Learner learner, int dimension) throws Exception {
        PolicyState state = new PolicyState();
        learner.initialise(state);
        SplittableRandom random = new SplittableRandom(1);
        for (long t = 0; t < 500; t++) {
            DecideAndUpdate.step(learner, state, dimension, t, random);
        }
        TypeSerializer<PolicyState> serializer =
                TypeInformation.of(PolicyState.class).createSerializer(new SerializerConfigImpl());
        if (serializer instanceof KryoSerializer) {
            throw new IllegalStateException("PolicyState fell back to Kryo");
        }
        DataOutputSerializer out = new DataOutputSerializer(4096);
        serializer.serialize(state, out);
        return out.length();
    }

    /** Reads a product's learner, decides once, learns that round's reward, writes it back. */
    private static final class DecideAndUpdate extends KeyedProcessFunction<Integer, Long, Long> {
        private final String learnerName;
        private final int dimension;
        private transient Learner learner;
        private transient ValueState<PolicyState> state;
        private transient LongCounter processingNanos;
        private transient long firstElementNanos;

        DecideAndUpdate(String learnerName, int dimension) {
            this.learnerName = learnerName;
            this.dimension = dimension;
        }

        @Override
        public void open(OpenContext context) {
            learner =
                    learner(learnerName, dimension); // learners are configuration, not Serializable
            state = getRuntimeContext().getState(PolicyStateLayout.learner());
            processingNanos = getRuntimeContext().getLongCounter(PROCESSING_NANOS);
        }

        /** The time from the first element to the end of input: start-up not counted. */
        @Override
        public void close() {
            if (firstElementNanos != 0) {
                processingNanos.add(System.nanoTime() - firstElementNanos);
            }
        }

        @Override
        public void processElement(Long index, Context context, Collector<Long> out)
                throws Exception {
            if (firstElementNanos == 0) {
                firstElementNanos = System.nanoTime();
            }
            PolicyState policy = state.value();
            if (policy == null) {
                policy = new PolicyState();
                learner.initialise(policy);
            }
            step(learner, policy, dimension, index, new SplittableRandom(index));
            state.update(policy);
        }

        /** One decision with a seeded context and one update with a seeded reward. */
        static void step(
                Learner learner,
                PolicyState policy,
                int dimension,
                long index,
                SplittableRandom random) {
            double[] context = null;
            if (learner.contextual()) {
                context = new double[dimension];
                context[0] = 1;
                for (int i = 1; i < dimension; i++) {
                    context[i] = random.nextDouble(-1, 1);
                }
            }
            Choice choice =
                    learner.choose(
                            policy,
                            context,
                            0,
                            ARMS - 1,
                            Seeds.mix(index),
                            new Learner.Conditions(0, (int) (index % 8)));
            PlayedRound played =
                    new PlayedRound(
                            index,
                            choice.arm(),
                            choice.arm(),
                            choice.propensity(),
                            "d" + index,
                            0,
                            ARMS - 1,
                            context);
            learner.update(policy, List.of(played), new double[] {random.nextDouble()});
        }
    }
}
