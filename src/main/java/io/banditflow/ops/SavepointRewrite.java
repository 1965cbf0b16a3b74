package io.banditflow.ops;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.banditflow.core.policy.Decision;
import io.banditflow.core.policy.DecisionJson;
import io.banditflow.core.policy.PolicyState;
import io.banditflow.job.config.JobConfig;
import io.banditflow.job.operator.policy.PolicyStateLayout;
import io.banditflow.job.topology.BanditflowTopology;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.OperatorTransformation;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.SavepointWriter;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;

/**
 * Writes a new savepoint from an existing one with the policy operator's state rewritten, every
 * other operator's state (source offsets, windows, drift) as it was. Three rewrites:
 *
 * <ul>
 *   <li><b>Rollback</b> to an earlier savepoint: the decisions on the decision topic since it go
 *       into the products' state, so that the restored job replays them (the bids that were placed,
 *       with their propensities) instead of deciding those rounds and requests again.
 *   <li><b>Learners from another savepoint</b> for some products only: the model of those products
 *       rolled back, the job's offsets and everything else as in the current savepoint.
 *   <li><b>Learners from JSON lines</b> ({@code state export}'s format): a warm start, into an
 *       existing savepoint or a new one that holds only the learners.
 * </ul>
 *
 * Each is a bounded batch job (State Processor API) on a local mini cluster.
 */
public final class SavepointRewrite {
    private static final JsonMapper JSON = new JsonMapper();

    private static final OperatorIdentifier POLICY =
            OperatorIdentifier.forUid(BanditflowTopology.UID_POLICY);

    private SavepointRewrite() {}

    /**
     * Rollback: {@code savepoint} with every decision of the job on its decision topic made at or
     * after {@code since} added to its product's logged decisions.
     *
     * @return how many logged decisions were written
     */
    public static long rollback(String savepoint, JobConfig job, long since, String target)
            throws Exception {
        Tuple2<Long, Long> newestAndCount = newestAndCount(job, since);
        copy(
                savepoint,
                target,
                Set.of(),
                newestAndCount.f0,
                env -> loggedDecisions(env, job, since).map(ProductRecord::logged));
        List<StateTool.ProductState> written = verified(target, StateTool.read(savepoint).size());
        long logged = written.stream().mapToLong(StateTool.ProductState::loggedDecisions).sum();
        if (logged != newestAndCount.f1) {
            throw new IllegalStateException(
                    target + " holds " + logged + " logged decisions of " + newestAndCount.f1);
        }
        return logged;
    }

    /**
     * Partial rollback: {@code current} with the learners of {@code products} taken from {@code
     * older}; a product that had no learner there starts again at its next decision.
     */
    public static void rollbackProducts(
            String current, String older, Set<String> products, String target) throws Exception {
        Set<String> replaced = Set.copyOf(products);
        copy(
                current,
                target,
                replaced,
                null,
                env ->
                        SavepointReader.read(env, older, new EmbeddedRocksDBStateBackend())
                                .readKeyedState(POLICY, new StateTool.PolicyStateReader())
                                .filter(
                                        p ->
                                                replaced.contains(p.productId())
                                                        && p.learner() != null)
                                .map(p -> ProductRecord.learner(p.productId(), p.learner()))
                                .returns(TypeInformation.of(ProductRecord.class)));
        Map<String, PolicyState> expected = new HashMap<>();
        for (StateTool.ProductState product : StateTool.read(older)) {
            if (replaced.contains(product.productId())) {
                expected.put(product.productId(), product.learner());
            }
        }
        verifyLearners(verified(target, 0), replaced, expected);
    }

    /**
     * Warm start: the learners given by product, written into {@code into} in place of those
     * products' own, or, when {@code into} is null, as a new savepoint that holds only them (with
     * the job's maximum parallelism, which a restore must match).
     */
    public static void bootstrap(
            Map<String, PolicyState> learners, String into, int maxParallelism, String target)
            throws Exception {
        List<ProductRecord> records =
                learners.entrySet().stream()
                        .map(e -> ProductRecord.learner(e.getKey(), e.getValue()))
                        .toList();
        if (into != null) {
            copy(
                    into,
                    target,
                    learners.keySet(),
                    null,
                    env -> env.fromData(records, TypeInformation.of(ProductRecord.class)));
            verifyLearners(verified(target, learners.size()), learners.keySet(), learners);
            return;
        }
        StreamExecutionEnvironment env = batchEnvironment();
        SavepointWriter.newSavepoint(env, new EmbeddedRocksDBStateBackend(), maxParallelism)
                .withOperator(
                        POLICY,
                        OperatorTransformation.bootstrapWith(
                                        env.fromData(
                                                records, TypeInformation.of(ProductRecord.class)))
                                .keyBy(ProductRecord::productId, Types.STRING)
                                .transform(PolicyStateWriter.factory(Map.of(), null)))
                .write(target);
        env.execute("state tool: bootstrap -> " + target);
        verifyLearners(verified(target, learners.size()), learners.keySet(), learners);
    }

    /**
     * The products of a written savepoint, read back: a State Processor API job can end without an
     * error and yet write no keyed state (seen in a JVM started without Flink's --add-opens), which
     * must not pass for a rewrite.
     */
    private static List<StateTool.ProductState> verified(String target, int atLeast)
            throws Exception {
        List<StateTool.ProductState> products = StateTool.read(target);
        if (products.size() < atLeast) {
            throw new IllegalStateException(
                    target
                            + " holds "
                            + products.size()
                            + " products, expected at least "
                            + atLeast
                            + " (is the JVM started with Flink's --add-opens?)");
        }
        return products;
    }

    /** Each product of {@code replaced} has exactly its expected learner (absent: none). */
    private static void verifyLearners(
            List<StateTool.ProductState> written,
            Set<String> replaced,
            Map<String, PolicyState> expected)
            throws Exception {
        Map<String, PolicyState> actual = new HashMap<>();
        for (StateTool.ProductState product : written) {
            actual.put(product.productId(), product.learner());
        }
        for (String product : replaced) {
            String want = JSON.writeValueAsString(expected.get(product));
            if (!want.equals(JSON.writeValueAsString(actual.get(product)))) {
                throw new IllegalStateException(
                        "the savepoint written does not hold the learner meant for " + product);
            }
        }
    }

    /**
     * The decisions of the job on its decision topic made at or after {@code since}, as a
     * read_committed consumer sees them now.
     */
    private static DataStream<Decision> loggedDecisions(
            StreamExecutionEnvironment env, JobConfig job, long since) {
        KafkaSource<String> source =
                KafkaSource.<String>builder()
                        .setProperties(job.kafka().clientConfig())
                        .setBootstrapServers(job.kafka().bootstrapServers())
                        .setTopics(job.kafka().decisionsTopic())
                        .setGroupId("banditflow-state-tool")
                        .setStartingOffsets(OffsetsInitializer.earliest())
                        .setBounded(OffsetsInitializer.latest())
                        .setProperty("isolation.level", "read_committed")
                        .setValueOnlyDeserializer(new SimpleStringSchema())
                        .build();
        String name = job.name();
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "decision topic")
                .map(DecisionJson::read)
                .returns(TypeInformation.of(Decision.class))
                .filter(d -> d.job().equals(name) && d.decidedAt() >= since);
    }

    /**
     * The newest time of the decisions since {@code since} (null when none), and how many there
     * are, each id once (a decision decided again after a plain restore carries its first id).
     */
    private static Tuple2<Long, Long> newestAndCount(JobConfig job, long since) throws Exception {
        Tuple2<Long, Long> result = Tuple2.of(null, 0L);
        try (CloseableIterator<Tuple2<Long, Long>> reduced =
                loggedDecisions(batchEnvironment(), job, since)
                        .keyBy(Decision::decisionId)
                        .reduce((first, again) -> first)
                        .map(d -> Tuple2.of(d.decidedAt(), 1L))
                        .returns(Types.TUPLE(Types.LONG, Types.LONG))
                        .keyBy(t -> 0, Types.INT)
                        .reduce((a, b) -> Tuple2.of(Math.max(a.f0, b.f0), a.f1 + b.f1))
                        .executeAndCollect("state tool: logged decisions")) {
            reduced.forEachRemaining(r -> result.setFields(r.f0, r.f1));
        }
        return result;
    }

    /** The extra records of a rewrite, built in the rewrite's environment. */
    private interface Extra {
        DataStream<ProductRecord> records(StreamExecutionEnvironment env) throws Exception;
    }

    /**
     * Copies {@code source} to {@code target}: the policy operator's keyed state (without the
     * learners of {@code learnerReplaced}), timers and broadcast state, plus the extra records.
     */
    private static void copy(
            String source,
            String target,
            Set<String> learnerReplaced,
            Long loggedUntil,
            Extra extra)
            throws Exception {
        Map<String, List<byte[][]>> broadcast = readBroadcastState(source);
        StreamExecutionEnvironment env = batchEnvironment();
        DataStream<ProductRecord> records =
                SavepointReader.read(env, source, new EmbeddedRocksDBStateBackend())
                        .readKeyedState(
                                POLICY,
                                new WholeProductReader(learnerReplaced),
                                Types.STRING,
                                TypeInformation.of(ProductRecord.class));
        if (extra != null) {
            records = records.union(extra.records(env));
        }
        SavepointWriter.fromExistingSavepoint(env, source, new EmbeddedRocksDBStateBackend())
                .removeOperator(POLICY)
                .withOperator(
                        POLICY,
                        OperatorTransformation.bootstrapWith(records)
                                .keyBy(ProductRecord::productId, Types.STRING)
                                .transform(PolicyStateWriter.factory(broadcast, loggedUntil)))
                .write(target);
        env.execute("state tool: " + source + " -> " + target);
    }

    private static StreamExecutionEnvironment batchEnvironment() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.setParallelism(1);
        return env;
    }

    /** Every product's whole encoded state in the policy operator, by product id. */
    static Map<String, byte[]> products(String savepoint) throws Exception {
        Map<String, byte[]> products = new HashMap<>();
        try (CloseableIterator<ProductRecord> records =
                SavepointReader.read(
                                batchEnvironment(), savepoint, new EmbeddedRocksDBStateBackend())
                        .readKeyedState(
                                POLICY,
                                new WholeProductReader(Set.of()),
                                Types.STRING,
                                TypeInformation.of(ProductRecord.class))
                        .executeAndCollect("state tool: products of " + savepoint)) {
            records.forEachRemaining(r -> products.put(r.productId(), r.snapshot()));
        }
        return products;
    }

    /**
     * What the policy operator's keyed state takes per product, state by state: each product's
     * bytes per state in layout order (the last entry its timers), by product id.
     */
    static Map<String, int[]> stateSizes(String savepoint) throws Exception {
        Map<String, int[]> sizes = new TreeMap<>();
        try (CloseableIterator<Tuple2<String, int[]>> records =
                SavepointReader.read(
                                batchEnvironment(), savepoint, new EmbeddedRocksDBStateBackend())
                        .readKeyedState(
                                POLICY,
                                new SizeReader(),
                                Types.STRING,
                                Types.TUPLE(Types.STRING, Types.PRIMITIVE_ARRAY(Types.INT)))
                        .executeAndCollect("state tool: sizes of " + savepoint)) {
            records.forEachRemaining(r -> sizes.put(r.f0, r.f1));
        }
        return sizes;
    }

    /** The names of the sizes of {@link #stateSizes}: every keyed state, then the timers. */
    static List<String> stateNames() {
        List<String> names = new ArrayList<>();
        PolicyStateLayout.keyed().forEach(d -> names.add(d.getName()));
        names.add("timers (and absent states)");
        return names;
    }

    /** Measures each product's states as the rewrites encode them. */
    private static final class SizeReader
            extends KeyedStateReaderFunction<String, Tuple2<String, int[]>> {
        private transient ProductStateCodec codec;

        @Override
        public void open(OpenContext context) throws Exception {
            codec = readingCodec(getRuntimeContext());
        }

        @Override
        public void readKey(String key, Context context, Collector<Tuple2<String, int[]>> out)
                throws Exception {
            int states = codec.names().size();
            int[] sizes = new int[states + 1];
            int[] stateSizes = new int[states];
            byte[] all = codec.encode(context.registeredEventTimeTimers(), Set.of(), stateSizes);
            int sum = 0;
            for (int i = 0; i < states; i++) {
                sizes[i] = stateSizes[i];
                sum += stateSizes[i];
            }
            sizes[states] = all.length - sum; // timers, and the absent states' flags
            out.collect(Tuple2.of(key, sizes));
        }
    }

    /** Every broadcast state of the policy operator, entries encoded, by state name. */
    static Map<String, List<byte[][]>> readBroadcastState(String savepoint) throws Exception {
        StreamExecutionEnvironment env = batchEnvironment();
        SavepointReader reader =
                SavepointReader.read(env, savepoint, new EmbeddedRocksDBStateBackend());
        DataStream<Tuple3<String, byte[], byte[]>> all = null;
        for (MapStateDescriptor<?, ?> descriptor : PolicyStateLayout.broadcast()) {
            DataStream<Tuple3<String, byte[], byte[]>> entries = encoded(reader, descriptor);
            all = all == null ? entries : all.union(entries);
        }
        Map<String, List<byte[][]>> byName = new HashMap<>();
        try (CloseableIterator<Tuple3<String, byte[], byte[]>> entries =
                all.executeAndCollect("state tool: broadcast state of " + savepoint)) {
            entries.forEachRemaining(
                    e ->
                            byName.computeIfAbsent(e.f0, name -> new ArrayList<>())
                                    .add(new byte[][] {e.f1, e.f2}));
        }
        return byName;
    }

    private static <K, V> DataStream<Tuple3<String, byte[], byte[]>> encoded(
            SavepointReader reader, MapStateDescriptor<K, V> descriptor) throws Exception {
        PolicyStateLayout.BroadcastTypes<K, V> types = PolicyStateLayout.typesOf(descriptor);
        return reader.readBroadcastState(POLICY, descriptor.getName(), types.key(), types.value())
                .map(new EncodeEntry<>(descriptor.getName(), types))
                .returns(
                        Types.TUPLE(
                                Types.STRING,
                                Types.PRIMITIVE_ARRAY(Types.BYTE),
                                Types.PRIMITIVE_ARRAY(Types.BYTE)));
    }

    /** Encodes a broadcast state entry with the state's serializers. */
    private static final class EncodeEntry<K, V>
            extends RichMapFunction<Tuple2<K, V>, Tuple3<String, byte[], byte[]>> {
        private final String name;
        private final PolicyStateLayout.BroadcastTypes<K, V> types;
        private transient TypeSerializer<K> keys;
        private transient TypeSerializer<V> values;

        EncodeEntry(String name, PolicyStateLayout.BroadcastTypes<K, V> types) {
            this.name = name;
            this.types = types;
        }

        @Override
        public void open(OpenContext context) {
            keys = types.key().createSerializer(new SerializerConfigImpl());
            values = types.value().createSerializer(new SerializerConfigImpl());
        }

        @Override
        public Tuple3<String, byte[], byte[]> map(Tuple2<K, V> entry) throws Exception {
            return Tuple3.of(
                    name,
                    ProductStateCodec.serialize(keys, entry.f0),
                    ProductStateCodec.serialize(values, entry.f1));
        }
    }

    /** A codec over the states a savepoint reader's runtime context opens. */
    private static ProductStateCodec readingCodec(RuntimeContext runtime) throws Exception {
        return new ProductStateCodec(
                new ProductStateCodec.StateAccess() {
                    @Override
                    public <T> ValueState<T> value(ValueStateDescriptor<T> d) {
                        return runtime.getState(d);
                    }

                    @Override
                    public <K, V> MapState<K, V> map(MapStateDescriptor<K, V> d) {
                        return runtime.getMapState(d);
                    }
                });
    }

    /** Reads each product's whole state and timers, leaving out the learners being replaced. */
    private static final class WholeProductReader
            extends KeyedStateReaderFunction<String, ProductRecord> {
        private final Set<String> learnerReplaced;
        private transient ProductStateCodec codec;

        WholeProductReader(Collection<String> learnerReplaced) {
            this.learnerReplaced = Set.copyOf(learnerReplaced);
        }

        @Override
        public void open(OpenContext context) throws Exception {
            codec = readingCodec(getRuntimeContext());
        }

        @Override
        public void readKey(String key, Context context, Collector<ProductRecord> out)
                throws Exception {
            Set<String> omitted =
                    learnerReplaced.contains(key)
                            ? Set.of(PolicyStateLayout.learner().getName())
                            : Set.of();
            out.collect(
                    ProductRecord.snapshot(
                            key, codec.encode(context.registeredEventTimeTimers(), omitted)));
        }
    }
}
