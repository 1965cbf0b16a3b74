package io.banditflow.job.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Job files, tried at random (issue 21 part 7): the shipped sponsored-search job file with one
 * line's value replaced by arbitrary text or an edge value, a line dropped, or a key given twice.
 * Reading it either gives a job or fails with a {@link JobConfigException} and a message — the
 * command-line tools turn that into one line and exit code 2 — never another exception. Seeded.
 */
class JobFilePropertiesTest {
    private static final List<String> LINES = lines();

    private static List<String> lines() {
        try {
            return Files.readAllLines(Path.of("jobs/sponsored-search.yaml"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Property(tries = 1_000, seed = "31")
    void anEditedJobFileIsAJobOrOneClearError(@ForAll("edited") String yaml) {
        try {
            assertThat(JobConfig.parse(yaml).name()).isNotBlank();
        } catch (JobConfigException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<String> edited() {
        Arbitrary<Integer> line = Arbitraries.integers().between(0, LINES.size() - 1);
        Arbitrary<String> value =
                Arbitraries.oneOf(
                        Arbitraries.strings().ofMaxLength(30),
                        Arbitraries.of(
                                "",
                                "~",
                                "-1",
                                "0",
                                "1e400",
                                ".nan",
                                "-.inf",
                                "[]",
                                "{}",
                                "[1, [2, [3]]]",
                                "PT-1S",
                                "P99999999999D",
                                "\"\"",
                                "!!binary AAAA",
                                "&a [*a]",
                                "{a: 1, a: 2}",
                                "\u00e9\u4e2d\ud83d\ude00",
                                "9223372036854775808"));
        Arbitrary<Integer> kind = Arbitraries.integers().between(0, 2);
        return Combinators.combine(line, value, kind).as(JobFilePropertiesTest::edit);
    }

    private static String edit(int index, String value, int kind) {
        List<String> lines = new ArrayList<>(LINES);
        String line = lines.get(index);
        switch (kind) {
            case 0 -> {
                int colon = line.indexOf(':');
                lines.set(index, colon < 0 ? value : line.substring(0, colon + 1) + " " + value);
            }
            case 1 -> lines.remove(index);
            default -> lines.add(index, line); // the same key twice
        }
        return String.join("\n", lines) + "\n";
    }
}
