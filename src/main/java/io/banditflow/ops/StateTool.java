package io.banditflow.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.banditflow.core.event.CatalogEntry;
import io.banditflow.core.policy.BidPolicy;
import io.banditflow.core.policy.Decision;
import io.banditflow.core.policy.Learner;
import io.banditflow.core.policy.PolicyState;
import io.banditflow.core.round.RoundClock;
import io.banditflow.core.util.Timelines;
import io.banditflow.job.config.JobConfig;
import io.banditflow.job.operator.policy.PolicyStateLayout;
import io.banditflow.job.topology.BanditflowTopology;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
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
 * and writes new savepoints from old ones ({@link SavepointRewrite}): {@code rollback}, {@code
 * rollback-products}, {@code bootstrap}.
 *
 * <p>Through Maven: {@code mvn -q compile exec:exec@state -Dstate.args="inspect <savepoint> --job
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
     * @param loggedDecisions decisions of a rollback it has yet to replay
     */
    public record ProductState(
            String productId,
            PolicyState learner,
            boolean inFallback,
            Long nextRound,
            CatalogEntry catalog,
            int loggedDecisions) {}

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

    /**
     * Where a rollback's replay of the decision topic starts, for a savepoint with these products:
     * one attribution window before the first round a product had not decided yet, which reaches
     * every decision made after the savepoint and the requests whose feedback was still open. Empty
     * when no product had a next round (requests mode): then the start must be given.
     */
    public static OptionalLong replayStart(List<ProductState> products, JobConfig config) {
        RoundClock clock = config.clock();
        return products.stream()
                .map(ProductState::nextRound)
                .filter(Objects::nonNull)
                .mapToLong(round -> clock.decisionTime(round) - clock.attributionMillis())
                .min();
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
            Map<String, Double> beliefs = learner.beliefs(state);
            if (!beliefs.isEmpty()) {
                line.set("beliefs", JSON.valueToTree(beliefs));
            }
        }
        line.put("algorithm", policy.algorithm());
        if (state != null) {
            line.put("policyVersion", state.policyVersion);
            line.put("roundsLearned", state.roundsLearned);
            line.put("lastUpdateTime", state.lastUpdateTime);
            line.put("pooledFrom", state.pooledFrom);
            line.set("learner", JSON.valueToTree(state));
        }
        if (product.loggedDecisions() > 0) {
            line.put("loggedDecisions", product.loggedDecisions());
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

    private static final String USAGE =
            """
            usage: state inspect <savepoint> --job <file>
                   state export <savepoint> --job <file>
                   state sizes <savepoint> --job <file>
                   state rollback <savepoint> --job <file> --out <dir> [--since <instant>]
                   state rollback-products <savepoint> --from <older savepoint> \
                         --products <id,id,...> --job <file> --out <dir>
                   state bootstrap <learners.jsonl> --job <file> --out <dir> \
                         [--into <savepoint>] [--max-parallelism 128]""";

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 2; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        String command = args.length > 1 ? args[0] : "";
        boolean known =
                List.of("inspect", "export", "sizes", "rollback", "rollback-products", "bootstrap")
                        .contains(command);
        if (!known || args.length % 2 != 0 || !options.containsKey("--job")) {
            System.err.println(USAGE);
            System.exit(2);
        }
        ToolExit.run("state " + command, () -> run(command, args, options));
    }

    private static void run(String command, String[] args, Map<String, String> options)
            throws Exception {
        JobConfig config = JobConfig.parse(Files.readString(Path.of(options.get("--job"))));
        PrintStream out = System.out;
        switch (command) {
            case "rollback" -> {
                String target = required(options, "--out");
                long since =
                        options.containsKey("--since")
                                ? Instant.parse(options.get("--since")).toEpochMilli()
                                : replayStart(read(args[1]), config)
                                        .orElseThrow(
                                                () ->
                                                        new IllegalArgumentException(
                                                                "no product has a next round"
                                                                        + " (requests mode):"
                                                                        + " give --since"));
                long logged = SavepointRewrite.rollback(args[1], config, since, target);
                out.printf(
                        "wrote %s: %d logged decisions since %s to replay%n",
                        target, logged, Instant.ofEpochMilli(since));
                return;
            }
            case "rollback-products" -> {
                String target = required(options, "--out");
                Set<String> products = Set.of(required(options, "--products").split(","));
                SavepointRewrite.rollbackProducts(
                        args[1], required(options, "--from"), products, target);
                out.printf(
                        "wrote %s: learners of %d products from %s%n",
                        target, products.size(), options.get("--from"));
                return;
            }
            case "bootstrap" -> {
                String target = required(options, "--out");
                Map<String, PolicyState> learners =
                        learners(Files.readAllLines(Path.of(args[1])), config);
                SavepointRewrite.bootstrap(
                        learners,
                        options.get("--into"),
                        Integer.parseInt(options.getOrDefault("--max-parallelism", "128")),
                        target);
                out.printf("wrote %s: learners of %d products%n", target, learners.size());
                return;
            }
            case "sizes" -> {
                sizes(SavepointRewrite.stateSizes(args[1]), out);
                return;
            }
            case "export" -> {
                for (ProductState product : read(args[1])) {
                    out.println(JSON.writeValueAsString(export(product, config)));
                }
                return;
            }
            default -> inspect(read(args[1]), config, out);
        }
    }

    /**
     * What the policy operator's state takes per product: each state's mean and largest size over
     * the products that hold it, and the whole product's distribution (serialized bytes, before
     * RocksDB's keys and compression).
     */
    static void sizes(Map<String, int[]> sizes, PrintStream out) {
        List<String> names = SavepointRewrite.stateNames();
        out.printf("%-28s %9s %10s %10s%n", "state", "products", "mean B", "max B");
        // a state a product does not hold counts 0 (its flag goes with the timers)
        for (int i = 0; i < names.size(); i++) {
            int index = i;
            int[] held =
                    sizes.values().stream().mapToInt(s -> s[index]).filter(b -> b > 0).toArray();
            if (held.length == 0) {
                continue;
            }
            out.printf(
                    "%-28s %9d %10.0f %10d%n",
                    names.get(i),
                    held.length,
                    java.util.Arrays.stream(held).average().orElse(0),
                    java.util.Arrays.stream(held).max().orElse(0));
        }
        int[] totals =
                sizes.values().stream()
                        .mapToInt(s -> java.util.Arrays.stream(s).sum())
                        .sorted()
                        .toArray();
        if (totals.length > 0) {
            out.printf(
                    "per product: mean %.0f B, median %d B, p99 %d B, max %d B over %d products%n",
                    java.util.Arrays.stream(totals).average().orElse(0),
                    totals[totals.length / 2],
                    totals[(int) Math.min(totals.length - 1, Math.ceil(totals.length * 0.99) - 1)],
                    totals[totals.length - 1],
                    totals.length);
        }
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException(name + " is required\n" + USAGE);
        }
        return value;
    }

    /**
     * The learners of export lines, by product: each must be a state of the job's learner on its
     * bid grid (a state the job would restart is refused).
     */
    /** A terminal escape sequence (colours, resets). */
    private static final Pattern ANSI_ESCAPE = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");

    public static Map<String, PolicyState> learners(List<String> lines, JobConfig config)
            throws Exception {
        BidPolicy policy = config.policy();
        Map<String, PolicyState> learners = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            // a file redirected from `mvn -q` may end with a terminal reset (Maven 3.8 writes one
            // at exit whatever its colour setting): escape sequences are not data
            String text = ANSI_ESCAPE.matcher(lines.get(i)).replaceAll("");
            if (text.isBlank()) {
                continue;
            }
            JsonNode line;
            try {
                line = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(
                        "line " + (i + 1) + ": not a JSON object: " + e.getOriginalMessage());
            }
            String product = line.path("productId").asText(null);
            JsonNode learner = line.get("learner");
            if (product == null || learner == null) {
                throw new IllegalArgumentException(
                        "line " + (i + 1) + ": needs productId and learner");
            }
            PolicyState state = JSON.treeToValue(learner, PolicyState.class);
            if (policy.needsStart(state)) {
                throw new IllegalArgumentException(
                        "line "
                                + (i + 1)
                                + ": the learner of "
                                + product
                                + " is not a "
                                + policy.algorithm()
                                + " state on the job's bid grid");
            }
            learners.put(product, state);
        }
        return learners;
    }

    private static void inspect(List<ProductState> products, JobConfig config, PrintStream out) {
        out.printf(
                "%-16s %-9s %-12s %8s %7s %8s %7s %-20s %-12s %s%n",
                "product",
                "mode",
                "algorithm",
                "best bid",
                "p(best)",
                "batches",
                "rounds",
                "last update",
                "pooled from",
                "value/click [95%]");
        for (ProductState product : products) {
            ObjectNode line = export(product, config);
            out.printf(
                    "%-16s %-9s %-12s %8s %7s %8d %7d %-20s %-12s %s%n",
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
                            : line.get("pooledFrom").asText(),
                    valuePerClick(line.path("beliefs")));
        }
        out.printf("%d products%n", products.size());
    }

    /** "0.182 [0.121, 0.251]" from a learner's beliefs, or "-" without a value per click. */
    private static String valuePerClick(JsonNode beliefs) {
        if (!beliefs.has("valuePerClick")) {
            return "-";
        }
        return String.format(
                Locale.ROOT,
                "%.3f [%.3f, %.3f]",
                beliefs.get("valuePerClick").asDouble(),
                beliefs.get("valuePerClickLow").asDouble(),
                beliefs.get("valuePerClickHigh").asDouble());
    }

    /** Reads the policy operator's keyed state with the descriptors it registers. */
    static final class PolicyStateReader extends KeyedStateReaderFunction<String, ProductState> {
        private transient ValueState<PolicyState> learner;
        private transient ValueState<Boolean> inFallback;
        private transient ValueState<Long> nextRound;
        private transient MapState<Long, CatalogEntry> catalog;
        private transient MapState<String, Decision> loggedDecisions;

        @Override
        public void open(OpenContext context) {
            var runtime = getRuntimeContext();
            learner = runtime.getState(PolicyStateLayout.learner());
            inFallback = runtime.getState(PolicyStateLayout.inFallback());
            nextRound = runtime.getState(PolicyStateLayout.nextRound());
            catalog = runtime.getMapState(PolicyStateLayout.catalog());
            loggedDecisions = runtime.getMapState(PolicyStateLayout.loggedDecisions());
        }

        @Override
        public void readKey(String key, Context context, Collector<ProductState> out)
                throws Exception {
            int logged = 0;
            for (String ignored : loggedDecisions.keys()) {
                logged++;
            }
            out.collect(
                    new ProductState(
                            key,
                            learner.value(),
                            Boolean.TRUE.equals(inFallback.value()),
                            nextRound.value(),
                            Timelines.at(catalog.entries(), Long.MAX_VALUE),
                            logged));
        }
    }
}
