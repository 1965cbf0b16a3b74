package io.banditflow.harness;

import io.banditflow.core.sim.AuctionMechanism;
import io.banditflow.core.sim.SimulationScenario;
import io.banditflow.job.config.JobConfig;
import io.banditflow.ops.ToolArguments;
import io.banditflow.ops.ToolExit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.flink.util.ParameterTool;

/**
 * The simulate command: learners side by side in the seeded marketplace simulator, closed loop,
 * without Flink (the job's own core classes), on one or more scenarios; a CSV of every round, plots
 * and a Markdown report per scenario, and an index over them.
 *
 * <pre>
 * mvn -q compile exec:exec@simulate -Dsimulate.args="--scenarios shift,sparse --days 28"
 * </pre>
 *
 * Options: {@code --job} (default jobs/sponsored-search.yaml: its clock, bid grid, rewards, context
 * and baseline bid), {@code --scenarios} (comma-separated, default all: {@link
 * SimulationScenario}), {@code --learners} (comma-separated algorithms, default the job's and every
 * other), {@code --products 40}, {@code --days 28}, {@code --seed 1}, {@code --heatmaps 2}
 * (products whose bid probabilities are drawn), {@code --out target/simulate}, {@code --logs} (also
 * write each learner's decisions and events in the job's topic formats, for {@code evaluate}),
 * {@code --delay-model} (each learner also runs a twin, {@code <learner>+delays}, that learns from
 * a batch at the first decision {@code --delay-lag 0} hours after it ends, from its expected final
 * outcomes, instead of waiting out the attribution window; a learner so named in {@code --learners}
 * runs that way), {@code --mechanism second-price} (what a won click costs: {@code second-price},
 * {@code first-price} or {@code hybrid}, {@link AuctionMechanism}).
 */
public final class Simulate {
    /** Every learning algorithm, in the order the reports list them. */
    public static final List<String> ALGORITHMS = io.banditflow.core.policy.LearnerKinds.learning();

    /** The simulated runs start here (any time does; a fixed one keeps reports comparable). */
    static final long FIRST_ROUND_TIME = Instant.parse("2025-03-01T00:00:00Z").toEpochMilli();

    /** Every option, as the class comment documents them. */
    public static final List<String> OPTIONS =
            List.of(
                    "job",
                    "scenarios",
                    "learners",
                    "products",
                    "days",
                    "seed",
                    "heatmaps",
                    "out",
                    "logs",
                    "delay-model",
                    "delay-lag",
                    "mechanism");

    private Simulate() {}

    public static void main(String[] args) throws Exception {
        ToolExit.run("simulate", () -> simulate(args));
    }

    private static void simulate(String[] args) throws IOException {
        ParameterTool params = ToolArguments.parse(args, OPTIONS);
        Path job = Path.of(params.get("job", "jobs/sponsored-search.yaml"));
        String jobFile = Files.readString(job);
        List<SimulationScenario> scenarios = scenarios(params.get("scenarios", "all"));
        List<String> learners = learners(params.get("learners", "all"), jobFile);
        int products = params.getInt("products", 40);
        int days = params.getInt("days", 28);
        long seed = params.getLong("seed", 1);
        int heatmaps = params.getInt("heatmaps", 2);
        Path out = Path.of(params.get("out", "target/simulate"));
        boolean logs = params.has("logs");
        if (params.has("delay-model")) {
            learners =
                    learners.stream()
                            .flatMap(
                                    l ->
                                            l.endsWith(SimulationRun.MODELLED_DELAY)
                                                    ? Stream.of(l)
                                                    : Stream.of(
                                                            l, l + SimulationRun.MODELLED_DELAY))
                            .distinct()
                            .toList();
        }
        Duration delayLag = Duration.ofHours(params.getLong("delay-lag", 0));
        AuctionMechanism mechanism = AuctionMechanism.of(params.get("mechanism", "second-price"));
        String command =
                String.format(
                        Locale.ROOT,
                        "simulate --job %s --scenarios %s --learners %s --products %d --days %d"
                                + " --seed %d --heatmaps %d --delay-lag %d --mechanism %s",
                        job,
                        String.join(",", scenarios.stream().map(SimulationScenario::id).toList()),
                        String.join(",", learners),
                        products,
                        days,
                        seed,
                        heatmaps,
                        delayLag.toHours(),
                        mechanism.id());
        StringBuilder index = new StringBuilder("# Simulations\n\n```\n" + command + "\n```\n\n");
        index.append("Total expected profit against the baseline bid, per scenario.\n\n");
        index.append("| scenario | best fixed | best per round | ")
                .append(String.join(" | ", learners))
                .append(" |\n| --- | ---: | ---: |")
                .append(" ---: |".repeat(learners.size()))
                .append("\n");
        long firstRound = JobConfig.parse(jobFile).clock().roundOf(FIRST_ROUND_TIME);
        SimulationRun.Progress progress =
                SimulationRun.Progress.to(System.err, System.console() != null);
        for (SimulationScenario scenario : scenarios) {
            System.err.printf("%s: %s%n", scenario.id(), scenario.description());
            SimulationRun.Result result =
                    SimulationRun.run(
                            jobFile,
                            scenario,
                            learners,
                            products,
                            days,
                            seed,
                            firstRound,
                            heatmaps,
                            logs ? out.resolve(scenario.id()).resolve("logs") : null,
                            delayLag,
                            mechanism,
                            progress);
            List<SimulationReport.Summary> summaries =
                    SimulationReport.write(result, out.resolve(scenario.id()), command);
            double baseline = summaries.get(0).total();
            index.append("| [").append(scenario.id()).append("](").append(scenario.id());
            index.append("/report.md)");
            for (SimulationReport.Summary s : summaries.subList(1, summaries.size())) {
                index.append(
                        String.format(
                                Locale.ROOT,
                                " | %+.1f%%",
                                100 * (s.total() - baseline) / Math.abs(baseline)));
            }
            index.append(" |\n");
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve("index.md"), index.toString());
        System.out.println(index);
        System.out.println("reports in " + out.toAbsolutePath());
    }

    static List<SimulationScenario> scenarios(String names) {
        if (names.equals("all")) {
            return List.of(SimulationScenario.values());
        }
        return Arrays.stream(names.split(","))
                .map(String::trim)
                .map(SimulationScenario::of)
                .toList();
    }

    /** "all": the job file's own learner first, then every other; else the names given. */
    static List<String> learners(String names, String jobFile) {
        if (!names.equals("all")) {
            List<String> chosen = Arrays.stream(names.split(",")).map(String::trim).toList();
            for (String learner : chosen) {
                String algorithm =
                        learner.endsWith(SimulationRun.MODELLED_DELAY)
                                ? learner.substring(
                                        0, learner.length() - SimulationRun.MODELLED_DELAY.length())
                                : learner;
                if (!ALGORITHMS.contains(algorithm)) {
                    throw new IllegalArgumentException(
                            "no learner " + algorithm + "; there are " + ALGORITHMS);
                }
            }
            return chosen;
        }
        Set<String> all = new LinkedHashSet<>();
        String own = JobConfig.parse(jobFile).learner().algorithm();
        if (ALGORITHMS.contains(own)) {
            all.add(own);
        }
        all.addAll(ALGORITHMS);
        return new ArrayList<>(all);
    }
}
