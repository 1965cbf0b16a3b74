package io.banditflow.study;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The studies' commands in README.md and docs/ run: the Maven execution passes a study nothing but
 * its own arguments, and every option a document gives a study is one it reads. The studies' shared
 * execution once passed the demo's Flink options too, and every documented study command exited on
 * them.
 */
class DocumentedStudyCommandsTest {

    private static final Pattern COMMAND =
            Pattern.compile(
                    "exec:exec@study -Dstudy\\.main=io\\.banditflow\\.study\\.(\\w+)"
                            + "(?: -Dstudy\\.args=\"([^\"]*)\")?");
    private static final Pattern OPTION = Pattern.compile("--([a-z-]+)");

    @Test
    void shouldPassAStudyOnlyItsOwnArguments() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        assertTrue(
                pom.contains("-classpath %classpath ${study.main} ${study.args}</commandlineArgs>"),
                "pom.xml's study execution must end with the study's class and its arguments");
    }

    @Test
    void shouldGiveEveryDocumentedStudyOnlyOptionsItReads() throws Exception {
        List<String> commands = new ArrayList<>();
        for (Path document : documents()) {
            // A shell line continuation joins the command's lines.
            String text = Files.readString(document).replaceAll("\\\\\\n\\s*", " ");
            Matcher command = COMMAND.matcher(text);
            while (command.find()) {
                commands.add(command.group());
                List<?> options = optionsOf(command.group(1));
                Matcher option = OPTION.matcher(command.group(2) == null ? "" : command.group(2));
                while (option.find()) {
                    assertTrue(
                            options.contains(option.group(1)),
                            document
                                    + ": "
                                    + command.group()
                                    + " gives --"
                                    + option.group(1)
                                    + ", which the study does not read: "
                                    + options);
                }
            }
        }
        assertTrue(commands.size() >= 6, "too few study commands found: " + commands);
    }

    private static List<?> optionsOf(String study) throws ReflectiveOperationException {
        return (List<?>)
                Class.forName("io.banditflow.study." + study).getField("OPTIONS").get(null);
    }

    private static List<Path> documents() throws IOException {
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            List<Path> all = new ArrayList<>(List.of(Path.of("README.md")));
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(all::add);
            return all;
        }
    }
}
