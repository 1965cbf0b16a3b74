package io.banditflow.harness;

import io.banditflow.core.bid.BidGrid;
import io.banditflow.core.eval.DecisionLog;
import io.banditflow.core.eval.Estimate;
import io.banditflow.core.eval.LoggedFeedback;
import io.banditflow.core.eval.OffPolicyEstimators;
import io.banditflow.core.eval.RewardModel;
import io.banditflow.core.event.EventParser;
import io.banditflow.core.event.EventType;
import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.event.ParseResult;
import io.banditflow.core.policy.Decision;
import io.banditflow.core.policy.DecisionJson;
import io.banditflow.core.policy.DecisionMode;
import io.banditflow.job.config.JobConfig;
import io.banditflow.ops.CommittedTopics;
import io.banditflow.ops.ToolArguments;
import io.banditflow.ops.ToolExit;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.util.ParameterTool;

/**
 * The evaluate command: what a candidate bidding policy would have earned, estimated from the job's
 * own logs — the decisions with their propensities, joined with the feedback — with IPS, SNIPS, the
 * direct method and doubly robust, each with a 95% interval and the effective sample size, next to
 * what the logging policy earned.
 *
 * <pre>
 * evaluate --job jobs/sponsored-search.yaml                         the job's topics on its brokers
 * evaluate --job &lt;file&gt; --decisions d.jsonl --impressions i.jsonl --clicks c.jsonl --conversions v.jsonl
 * evaluate --obd ../shared/open-bandit-dataset                      real logs of another site
 * </pre>
 *
 * Options: {@code --candidates} (comma-separated: {@code fixed:<bid>}, {@code uniform}, {@code
 * baseline}; default every bid of the grid, the baseline and uniform; every shadow policy on the
 * shadow topic, or in {@code --shadow <file>}, is a candidate too), {@code --modes} (decisions of
 * these modes, default {@code LEARNED}: where the logging policy explored, so that candidates have
 * support). Values are profit per decision (a product's round, or a request's answer).
 */
public final class Evaluate {
    /** Pseudo-observations of the direct method's per-product, per-bid mean. */
    private static final double PRIOR_WEIGHT = 5;

    private Evaluate() {}

    /**
     * A candidate policy: its name, the rows it is judged on, and its distribution over the grid
     * for each of them.
     */
    public record Candidate(String name, DecisionLog log, OffPolicyEstimators.RowPolicy policy) {}

    /** A candidate's estimates. */
    public record Result(String candidate, List<Estimate> estimates) {}

    /** Every estimator for every candidate, on the candidate's rows. */
    public static List<Result> evaluate(List<Candidate> candidates) {
        List<Result> results = new ArrayList<>();
        for (Candidate c : candidates) {
            List<LoggedFeedback> rows = c.log().rows();
            int arms = c.log().bids().length;
            RewardModel model =
                    RewardModel.fit(rows, arms, c.log().products().size(), PRIOR_WEIGHT);
            results.add(
                    new Result(
                            c.name(),
                            List.of(
                                    OffPolicyEstimators.ipsPerRow(rows, c.policy()),
                                    OffPolicyEstimators.snipsPerRow(rows, c.policy()),
                                    OffPolicyEstimators.dmPerRow(rows, c.policy(), model, arms),
                                    OffPolicyEstimators.drPerRow(rows, c.policy(), model, arms))));
        }
        return results;
    }

    /**
     * An experiment variant's result: what its products earned per decision (on-policy), and the
     * difference to the first variant (the control), each with a 95% normal interval.
     */
    public record VariantResult(
            String variant, int products, Estimate value, Estimate difference) {}

    /** Each experiment variant's on-policy result, in order of first appearance; empty if none. */
    public static List<VariantResult> variants(DecisionLog log) {
        Map<String, DecisionLog> byVariant = new java.util.LinkedHashMap<>();
        for (Decision d : log.decisions()) {
            if (d.variant() != null) {
                byVariant.computeIfAbsent(
                        d.variant(), v -> log.restrictedTo(x -> v.equals(x.variant())));
            }
        }
        List<VariantResult> results = new ArrayList<>();
        Estimate control = null;
        for (Map.Entry<String, DecisionLog> entry : byVariant.entrySet()) {
            Estimate value = OffPolicyEstimators.onPolicy(entry.getValue().rows());
            int products =
                    (int)
                            entry.getValue().decisions().stream()
                                    .map(Decision::productId)
                                    .distinct()
                                    .count();
            results.add(
                    new VariantResult(
                            entry.getKey(),
                            products,
                            value,
                            control == null ? null : difference(value, control)));
            if (control == null) {
                control = value;
            }
        }
        return results;
    }

    /** The difference of two independent means, its interval from both standard errors. */
    private static Estimate difference(Estimate a, Estimate b) {
        double seA = (a.upper() - a.lower()) / 2;
        double seB = (b.upper() - b.lower()) / 2;
        double half = Math.sqrt(seA * seA + seB * seB);
        double d = a.value() - b.value();
        return new Estimate("difference", d, d - half, d + half, Double.NaN);
    }

    /** Candidates from their names, on the log's grid with the job's baseline bid. */
    public static List<Candidate> candidates(String names, DecisionLog log, double baselineBid) {
        BidGrid grid = new BidGrid(log.bids());
        List<String> specs = new ArrayList<>();
        if (names.equals("all")) {
            for (double bid : grid.bids()) {
                specs.add("fixed:" + bid);
            }
            specs.add("baseline");
            specs.add("uniform");
        } else {
            specs.addAll(Arrays.stream(names.split(",")).map(String::trim).toList());
        }
        List<Candidate> candidates = new ArrayList<>();
        for (String spec : specs) {
            if (spec.equals("uniform")) {
                candidates.add(new Candidate("uniform", log, (row, a) -> 1.0 / grid.size()));
            } else if (spec.equals("baseline")) {
                candidates.add(fixed("baseline " + baselineBid, log, grid.nearestArm(baselineBid)));
            } else if (spec.startsWith("fixed:")) {
                double bid = Double.parseDouble(spec.substring("fixed:".length()));
                int arm = grid.armOf(bid);
                if (arm < 0) {
                    throw new IllegalArgumentException(
                            "bid " + bid + " is not on the grid " + Arrays.toString(grid.bids()));
                }
                candidates.add(fixed("fixed " + grid.bid(arm), log, arm));
            } else {
                throw new IllegalArgumentException(
                        "no candidate " + spec + "; there are fixed:<bid>, baseline, uniform");
            }
        }
        return candidates;
    }

    private static Candidate fixed(String name, DecisionLog log, int arm) {
        return new Candidate(name, log, (row, a) -> a == arm ? 1 : 0);
    }

    /**
     * A candidate per shadow policy (job file: shadows), from its decisions on the shadow topic:
     * judged on the rows it decided, with the distribution it drew from in each.
     */
    public static List<Candidate> shadows(DecisionLog log, List<Decision> shadowDecisions) {
        Map<String, Map<String, Decision>> byShadow = new TreeMap<>();
        for (Decision d : shadowDecisions) {
            if (d.variant() != null) {
                byShadow.computeIfAbsent(d.variant(), v -> new HashMap<>())
                        .putIfAbsent(d.decisionId(), d);
            }
        }
        List<Candidate> candidates = new ArrayList<>();
        byShadow.forEach(
                (name, byId) -> {
                    DecisionLog rows = log.restrictedTo(d -> byId.containsKey(d.decisionId()));
                    candidates.add(
                            new Candidate(
                                    "shadow " + name,
                                    rows,
                                    (row, a) ->
                                            byId.get(rows.decisions().get(row).decisionId())
                                                    .probabilities()[a]));
                });
        return candidates;
    }

    /** Every option of the job-log mode ({@code --obd} evaluates the Open Bandit Dataset). */
    public static final List<String> OPTIONS =
            List.of(
                    "job",
                    "decisions",
                    "shadow",
                    topicOption(EventType.IMPRESSION),
                    topicOption(EventType.CLICK),
                    topicOption(EventType.CONVERSION),
                    "modes",
                    "candidates");

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--obd")) {
            OpenBanditEvaluation.main(args);
            return;
        }
        ToolExit.run("evaluate", () -> run(ToolArguments.parse(args, OPTIONS), System.out));
    }

    /** Reads the logs the options name (files, else the job's topics) and prints the results. */
    public static void run(ParameterTool params, PrintStream out) throws Exception {
        JobConfig job = JobConfig.load(Path.of(params.getRequired("job")));
        List<Decision> decisions = new ArrayList<>();
        List<FeedbackEvent> events = new ArrayList<>();
        List<Decision> shadowDecisions = new ArrayList<>();
        if (params.has("decisions")) {
            decisions.addAll(decisionsIn(Path.of(params.get("decisions"))));
            if (params.has("shadow")) {
                shadowDecisions.addAll(decisionsIn(Path.of(params.get("shadow"))));
            }
            for (EventType type : EventType.values()) {
                String option = topicOption(type);
                if (params.has(option)) {
                    events.addAll(parse(type, Files.readAllLines(Path.of(params.get(option)))));
                }
            }
        } else {
            String brokers = job.kafka().bootstrapServers();
            Properties client = job.kafka().clientConfig();
            CommittedTopics.readAll(brokers, job.kafka().decisionsTopic(), client)
                    .forEach(r -> decisions.add(DecisionJson.read(r.value())));
            if (job.kafka().shadowTopic() != null) {
                CommittedTopics.readAll(brokers, job.kafka().shadowTopic(), client)
                        .forEach(r -> shadowDecisions.add(DecisionJson.read(r.value())));
            }
            for (EventType type : EventType.values()) {
                events.addAll(
                        parse(
                                type,
                                CommittedTopics.readAll(brokers, job.kafka().topicOf(type), client)
                                        .stream()
                                        .map(r -> r.value())
                                        .toList()));
            }
        }
        Set<DecisionMode> modes = EnumSet.noneOf(DecisionMode.class);
        for (String mode : params.get("modes", "LEARNED").split(",")) {
            modes.add(DecisionMode.valueOf(mode.trim()));
        }
        DecisionLog log =
                DecisionLog.join(
                        decisions,
                        events,
                        job.clock(),
                        d -> d.job().equals(job.name()) && modes.contains(d.mode()));
        List<Candidate> candidates =
                new ArrayList<>(
                        candidates(params.get("candidates", "all"), log, job.baselineBid()));
        candidates.addAll(shadows(log, shadowDecisions));
        print(log, evaluate(candidates), modes, out);
        printVariants(variants(log), out);
    }

    private static List<Decision> decisionsIn(Path file) throws IOException {
        return Files.readAllLines(file).stream()
                .filter(line -> !line.isBlank())
                .map(DecisionJson::read)
                .toList();
    }

    private static String topicOption(EventType type) {
        return switch (type) {
            case IMPRESSION -> "impressions";
            case CLICK -> "clicks";
            case CONVERSION -> "conversions";
        };
    }

    /** Valid events of a topic's records; the others are skipped as the job's dead letters. */
    private static List<FeedbackEvent> parse(EventType type, List<String> payloads) {
        EventParser parser = new EventParser(Long.MAX_VALUE / 2, System::currentTimeMillis);
        List<FeedbackEvent> events = new ArrayList<>();
        for (String payload : payloads) {
            if (parser.parse(type, payload) instanceof ParseResult.Valid valid) {
                events.add(valid.event());
            }
        }
        return events;
    }

    static void printVariants(List<VariantResult> variants, PrintStream out) {
        if (variants.isEmpty()) {
            return;
        }
        out.printf(
                Locale.ROOT,
                "%nexperiment variants, profit per decision (on-policy; difference to %s)%n",
                variants.get(0).variant());
        out.printf(
                Locale.ROOT,
                "%-16s %8s %9s   %-22s %9s   %s%n",
                "variant",
                "products",
                "value",
                "95% interval",
                "vs first",
                "95% interval");
        for (VariantResult v : variants) {
            Estimate e = v.value();
            Estimate d = v.difference();
            out.printf(
                    Locale.ROOT,
                    "%-16s %8d %9.4f   [%9.4f, %9.4f] %9s   %s%n",
                    v.variant(),
                    v.products(),
                    e.value(),
                    e.lower(),
                    e.upper(),
                    d == null ? "" : String.format(Locale.ROOT, "%+.4f", d.value()),
                    d == null
                            ? ""
                            : String.format(Locale.ROOT, "[%+.4f, %+.4f]", d.lower(), d.upper()));
        }
    }

    static void print(
            DecisionLog log, List<Result> results, Set<DecisionMode> modes, PrintStream out) {
        Estimate logging = OffPolicyEstimators.onPolicy(log.rows());
        out.printf(
                Locale.ROOT,
                "%d decisions (%s) of %d products; profit per decision%n",
                log.rows().size(),
                modes,
                log.products().size());
        out.printf(
                Locale.ROOT,
                "%-16s %-6s %9s   %-22s %8s%n",
                "candidate",
                "",
                "value",
                "95% interval",
                "ESS");
        out.printf(
                Locale.ROOT,
                "%-16s %-6s %9.4f   [%9.4f, %9.4f] %8.0f%n",
                "logging policy",
                "mean",
                logging.value(),
                logging.lower(),
                logging.upper(),
                logging.effectiveSampleSize());
        int unreliable = 0;
        for (Result result : results) {
            for (Estimate e : result.estimates()) {
                unreliable += e.reliable() ? 0 : 1;
                out.printf(
                        Locale.ROOT,
                        "%-16s %-6s %9.4f   [%9.4f, %9.4f] %8.0f%s%n",
                        result.candidate(),
                        e.estimator(),
                        e.value(),
                        e.lower(),
                        e.upper(),
                        e.effectiveSampleSize(),
                        e.reliable()
                                ? ""
                                : "  unreliable: ESS below " + (int) Estimate.MIN_RELIABLE_ESS);
            }
        }
        if (unreliable > 0) {
            System.err.printf(
                    Locale.ROOT,
                    "warning: %d estimate(s) rest on fewer than %d effective rounds: their intervals"
                            + " are not to be trusted (docs/evaluation.md)%n",
                    unreliable,
                    (int) Estimate.MIN_RELIABLE_ESS);
        }
    }
}
