package io.banditflow;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.policy.LearnerKinds;
import io.banditflow.core.sim.AuctionMechanism;
import io.banditflow.core.sim.SimulationScenario;
import io.banditflow.demo.DemoMain;
import io.banditflow.harness.Evaluate;
import io.banditflow.harness.OpenBanditEvaluation;
import io.banditflow.harness.SimulationRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Maven commands README.md and docs/ give run as written: each names an execution the pom has
 * and properties the pom reads, and each tool is given only options it reads, with learners,
 * scenarios and mechanisms that exist; and what the pom itself passes a main class is what that
 * class reads. The studies' shared execution once passed the demo's Flink options to every study,
 * and each documented study command exited on them unseen; a renamed option or learner would go the
 * same way. Each tool declares its options once ({@code OPTIONS}), which its parser and this test
 * read.
 */
class DocumentedCommandsTest {

    /** {@code exec:exec} or {@code exec:exec@id}, then its {@code -Dname=value} properties. */
    private static final Pattern COMMAND =
            Pattern.compile("exec:exec(?:@([\\w-]+))?((?: -D[\\w.]+=(?:\"[^\"]*\"|[^\\s`\"]+))*)");

    private static final Pattern PROPERTY =
            Pattern.compile(" -D([\\w.]+)=(?:\"([^\"]*)\"|([^\\s`\"]+))");

    /**
     * An execution that passes its main class nothing but a property's arguments: the class (or the
     * property naming it) and the property, as pom.xml writes them.
     */
    private static final Pattern TOOL_EXECUTION =
            Pattern.compile(
                    "-classpath %classpath (\\S+) \\$\\{([\\w.]+\\.args)}</commandlineArgs>");

    private static String pom;
    private static List<Command> commands;

    /** The main class each arguments property is passed to (or the property naming it). */
    private static Map<String, String> tools;

    /** One documented command: where, its execution (null: the default one) and properties. */
    private record Command(
            Path document, String text, String execution, Map<String, String> properties) {
        @Override
        public String toString() {
            return document + ": " + text;
        }
    }

    @BeforeAll
    static void readDocuments() throws IOException {
        pom = Files.readString(Path.of("pom.xml"));
        tools = new LinkedHashMap<>();
        Matcher tool = TOOL_EXECUTION.matcher(pom);
        while (tool.find()) {
            tools.put(tool.group(2), tool.group(1));
        }
        commands = new ArrayList<>();
        for (Path document : documents()) {
            // A shell line continuation joins the command's lines.
            String text = Files.readString(document).replaceAll("\\\\\\n\\s*", " ");
            Matcher command = COMMAND.matcher(text);
            while (command.find()) {
                Map<String, String> properties = new LinkedHashMap<>();
                Matcher property = PROPERTY.matcher(command.group(2));
                while (property.find()) {
                    String value =
                            property.group(2) != null ? property.group(2) : property.group(3);
                    properties.put(property.group(1), value);
                }
                commands.add(new Command(document, command.group(), command.group(1), properties));
            }
        }
    }

    @Test
    void shouldFindTheDocumentedCommands() {
        for (String tool :
                List.of(
                        "simulate.args",
                        "evaluate.args",
                        "throughput.args",
                        "keyed.args",
                        "study.args")) {
            long found = commands.stream().filter(c -> c.properties().containsKey(tool)).count();
            assertTrue(found >= 1, "no documented command gives -D" + tool + ": " + commands);
            assertTrue(
                    tool.equals("study.args") || optionsOf(tools.get(tool)) != null,
                    "pom.xml passes -D" + tool + " to a class without OPTIONS: " + tools);
        }
        assertTrue(commands.size() >= 40, "too few commands found: " + commands.size());
    }

    @Test
    void shouldNameExecutionsThePomHas() {
        for (Command command : commands) {
            if (command.execution() != null) {
                assertTrue(
                        pom.contains("<id>" + command.execution() + "</id>"),
                        command + ": pom.xml has no execution " + command.execution());
            }
        }
    }

    @Test
    void shouldSetOnlyPropertiesThePomReads() {
        for (Command command : commands) {
            for (String property : command.properties().keySet()) {
                assertTrue(
                        pom.contains("${" + property + "}"),
                        command + ": pom.xml does not read -D" + property);
            }
        }
    }

    @Test
    void shouldPassEachToolOnlyItsOwnArguments() {
        for (Command command : commands) {
            for (String property : command.properties().keySet()) {
                assertTrue(
                        !property.endsWith(".args")
                                || property.equals("bench.args")
                                || tools.containsKey(property),
                        command
                                + ": pom.xml's execution must end with the tool's class and ${"
                                + property
                                + "}");
            }
        }
    }

    /**
     * What the pom itself passes a main class — the demo's arguments, the request benchmark's
     * options — is what that class reads.
     */
    @Test
    void shouldPassEachMainOnlyOptionsThePomNames() {
        Matcher demo =
                Pattern.compile(
                                "<argument>\\$\\{demo\\.main}</argument>(.*?)</arguments>",
                                Pattern.DOTALL)
                        .matcher(pom);
        assertTrue(demo.find(), "pom.xml's default execution runs ${demo.main}");
        assertOptionsRead("the demo", DemoMain.OPTIONS, demo.group(1));
        Matcher main =
                Pattern.compile(
                                "-classpath %classpath (io\\.banditflow\\.[\\w.]+) ([^<]*)</commandlineArgs>")
                        .matcher(pom);
        int checked = 0;
        while (main.find()) {
            List<?> options = optionsOf(main.group(1));
            if (options != null) {
                assertOptionsRead(main.group(1), options, main.group(2));
                checked++;
            }
        }
        assertTrue(checked >= 4, "too few executions checked: " + checked);
    }

    private static void assertOptionsRead(String main, List<?> options, String arguments) {
        Matcher option = Pattern.compile("--([a-z-]+)").matcher(arguments);
        while (option.find()) {
            assertTrue(
                    options.contains(option.group(1)),
                    "pom.xml passes " + main + " --" + option.group(1) + ", not one of " + options);
        }
    }

    @Test
    void shouldGiveEachToolOnlyOptionsItReads() {
        for (Command command : commands) {
            for (Map.Entry<String, String> tool : tools.entrySet()) {
                String arguments = command.properties().get(tool.getKey());
                if (arguments != null) {
                    List<?> options = toolOptions(tool.getValue(), command, arguments);
                    if (options == null) {
                        continue; // a tool with subcommands (state, cluster)
                    }
                    for (String option : options(arguments).keySet()) {
                        assertTrue(
                                options.contains(option),
                                command
                                        + " gives --"
                                        + option
                                        + ", which it does not read: "
                                        + options);
                    }
                }
            }
        }
    }

    @Test
    void shouldSimulateLearnersScenariosAndMechanismsThatExist() {
        for (Command command : commands) {
            String arguments = command.properties().get("simulate.args");
            if (arguments == null) {
                continue;
            }
            Map<String, String> options = options(arguments);
            for (String learner : names(options.get("learners"))) {
                String algorithm = learner.replace(SimulationRun.MODELLED_DELAY, "");
                assertTrue(
                        LearnerKinds.names().contains(algorithm),
                        command + ": no learner " + algorithm);
            }
            for (String scenario : names(options.get("scenarios"))) {
                assertDoesNotThrow(() -> SimulationScenario.of(scenario), command.toString());
            }
            for (String mechanism : names(options.get("mechanism"))) {
                assertDoesNotThrow(() -> AuctionMechanism.of(mechanism), command.toString());
            }
        }
    }

    /** {@code --name value} pairs (value empty for a flag); optional parts' brackets dropped. */
    private static Map<String, String> options(String arguments) {
        Map<String, String> options = new LinkedHashMap<>();
        String[] words = arguments.replaceAll("[\\[\\]]", " ").trim().split("\\s+");
        for (int i = 0; i < words.length; i++) {
            if (words[i].startsWith("--")) {
                boolean valued = i + 1 < words.length && !words[i + 1].startsWith("--");
                options.put(words[i].substring(2), valued ? words[i + 1] : "");
            }
        }
        return options;
    }

    /** The comma-separated names of an option's value, none for a placeholder or a variable. */
    private static List<String> names(String value) {
        if (value == null || value.isEmpty() || value.contains("$") || value.contains("<")) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).filter(name -> !name.equals("all")).toList();
    }

    @Test
    void shouldRunStudiesThatExist() {
        long studies = 0;
        for (Command command : commands) {
            String study = command.properties().get("study.main");
            if (study != null) {
                List<?> options = optionsOf(study);
                assertTrue(options != null && !options.isEmpty(), command + ": no study " + study);
                studies++;
            }
        }
        assertTrue(studies >= 6, "too few study commands found: " + studies);
    }

    /**
     * The options of the class an execution runs, or null for one with subcommands: the study a
     * command names, and {@code evaluate --obd}'s own (its main hands the Open Bandit Dataset on).
     */
    private static List<?> toolOptions(String main, Command command, String arguments) {
        String name = main.equals("${study.main}") ? command.properties().get("study.main") : main;
        if (name.equals(Evaluate.class.getName()) && arguments.contains("--obd")) {
            name = OpenBanditEvaluation.class.getName();
        }
        return optionsOf(name);
    }

    /** A class's declared {@code OPTIONS}, or null when it declares none (or is no class). */
    private static List<?> optionsOf(String className) {
        try {
            return (List<?>) Class.forName(className).getField("OPTIONS").get(null);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private static List<Path> documents() throws IOException {
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            List<Path> all = new ArrayList<>(List.of(Path.of("README.md")));
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(all::add);
            return all;
        }
    }
}
