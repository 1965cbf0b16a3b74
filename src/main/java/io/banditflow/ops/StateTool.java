package io.banditflow.ops;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.banditflow.core.event.CatalogEntry;
import io.banditflow.core.policy.BidPolicy;
import io.banditflow.core.policy.Learner;
import io.banditflow.core.policy.PolicyState;
import io.banditflow.core.util.Timelines;
import io.banditflow.job.config.JobConfig;
import io.banditflow.job.topology.BanditflowTopology;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;

/**
 * Reads what a savepoint of the job holds for each product, offline, with Flink's State Processor
 * API (a bounded batch job on a local mini cluster, or submitted with {@code flink run -c}):
 *
 * <pre>
 * state inspect &lt;savepoint&gt; --job jobs/sponsored-search.yaml      one line per product
 * state export  &lt;savepoint&gt; --job jobs/sponsored-search.yaml      JSON lines, the learner state whole
 * </pre>
 *
 * Through Maven: {@code mvn -q compile exec:exec@state -Dstate.args="inspect <savepoint> --job
 * <file>"}. The job file must be the one the savepoint's job ran with (its learner and grid read
 * the state). Reads savepoints in the canonical format and in RocksDB's native one, and retained
 * checkpoints (through the RocksDB backend, which restores both).
 */
public final class StateTool {
    private static final JsonMapper JSON = new JsonMapper();

    private StateTool() {}

    /**
     * One product's state in a savepoint.
     *
     * @param nextRound the next round it will decide, or null when inactive
     * @param catalog its newest catalog entry, or null
     */
    public record ProductState(
            String productId,
            PolicyState learner,
            boolean inFallback,
            Long nextRound,
            CatalogEntry catalog) {}

    /** Every product's state in the policy operator of the savepoint, by product id. */
    public static List<ProductState> read(String savepoint) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.setParallelism(1);
        List<ProductState> products = new ArrayList<>();
        try (CloseableIterator<ProductState> states =
                SavepointReader.read(env, savepoint, new EmbeddedRocksDBStateBackend())
                        .readKeyedState(
                                OperatorIdentifier.forUid(BanditflowTopology.UID_POLICY),
                                new PolicyStateReader())
                        .executeAndCollect("state tool: " + savepoint)) {
            states.forEachRemaining(products::add);
        }
        products.sort(Comparator.comparing(ProductState::productId));
        return products;
    }

    /** The export line of a product: its mode, its current best bid, and its learner state. */
    public static ObjectNode export(ProductState product, JobConfig config) {
        ObjectNode line = JSON.createObjectNode();
        line.put("productId", product.productId());
        line.put("mode", mode(product));
        BidPolicy policy = config.policy();
        PolicyState state = product.learner();
        Learner learner = policy.learner();
        if (learner != null && state != null && learner.initialised(state)) {
            double[] context = neutralContext(config);
            int last = policy.grid().size() - 1;
            int best = learner.bestArm(state, context, 0, last);
            line.put("bestBid", policy.grid().bid(best));
            line.put(
                    "bestProbability",
                    learner.choose(state, context, 0, last, 0).probabilities()[best]);
        }
        line.put("algorithm", policy.algorithm());
        if (state != null) {
            line.put("policyVersion", state.policyVersion);
            line.put("roundsLearned", state.roundsLearned);
            line.put("lastUpdateTime", state.lastUpdateTime);
            line.put("pooledFrom", state.pooledFrom);
            line.set("learner", JSON.valueToTree(state));
        }
        return line;
    }

    /** What decides the product's next round as far as its own state tells. */
    private static String mode(ProductState product) {
        if (product.catalog() != null && product.catalog().paused()) {
            return "PAUSED";
        }
        if (product.inFallback()) {
            return "FALLBACK";
        }
        return product.nextRound() == null ? "INACTIVE" : "ACTIVE";
    }

    /** The bias-only context: a contextual learner's best bid for an average situation. */
    private static double[] neutralContext(JobConfig config) {
        double[] x = new double[config.contextDimension()];
        x[0] = 1;
        return x;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4
                || !args[2].equals("--job")
                || !List.of("inspect", "export").contains(args[0])) {
            System.err.println("usage: state inspect|export <savepoint> --job <job file>");
            System.exit(2);
        }
        JobConfig config = JobConfig.parse(Files.readString(Path.of(args[3])));
        List<ProductState> products = read(args[1]);
        PrintStream out = System.out;
        if (args[0].equals("export")) {
            for (ProductState product : products) {
                out.println(JSON.writeValueAsString(export(product, config)));
            }
            return;
        }
        out.printf(
                "%-16s %-9s %-12s %8s %7s %8s %7s %-20s %s%n",
                "product",
                "mode",
                "algorithm",
                "best bid",
                "p(best)",
                "batches",
                "rounds",
                "last update",
                "pooled from");
        for (ProductState product : products) {
            ObjectNode line = export(product, config);
            out.printf(
                    "%-16s %-9s %-12s %8s %7s %8d %7d %-20s %s%n",
                    product.productId(),
                    line.path("mode").asText(),
                    line.path("algorithm").asText(),
                    line.has("bestBid") ? line.get("bestBid").asText() : "-",
                    line.has("bestProbability")
                            ? String.format("%.3f", line.get("bestProbability").asDouble())
                            : "-",
                    line.path("policyVersion").asLong(),
                    line.path("roundsLearned").asLong(),
                    line.path("lastUpdateTime").asLong() == 0
                            ? "-"
                            : Instant.ofEpochMilli(line.get("lastUpdateTime").asLong()).toString(),
                    line.path("pooledFrom").isNull() || line.path("pooledFrom").isMissingNode()
                            ? "-"
                            : line.get("pooledFrom").asText());
        }
        out.printf("%d products%n", products.size());
    }

    /** Reads the policy operator's keyed state with the descriptors it registers. */
    private static final class PolicyStateReader
            extends KeyedStateReaderFunction<String, ProductState> {
        private transient ValueState<PolicyState> learner;
        private transient ValueState<Boolean> inFallback;
        private transient ValueState<Long> nextRound;
        private transient MapState<Long, CatalogEntry> catalog;

        @Override
        public void open(OpenContext context) {
            var runtime = getRuntimeContext();
            learner =
                    runtime.getState(
                            new ValueStateDescriptor<>(
                                    "learner", TypeInformation.of(PolicyState.class)));
            inFallback = runtime.getState(new ValueStateDescriptor<>("in-fallback", Types.BOOLEAN));
            nextRound = runtime.getState(new ValueStateDescriptor<>("next-round", Types.LONG));
            catalog =
                    runtime.getMapState(
                            new MapStateDescriptor<>(
                                    "catalog", Types.LONG, TypeInformation.of(CatalogEntry.class)));
        }

        @Override
        public void readKey(String key, Context context, Collector<ProductState> out)
                throws Exception {
            out.collect(
                    new ProductState(
                            key,
                            learner.value(),
                            Boolean.TRUE.equals(inFallback.value()),
                            nextRound.value(),
                            Timelines.at(catalog.entries(), Long.MAX_VALUE)));
        }
    }
}
