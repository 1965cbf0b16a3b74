package io.banditflow.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.banditflow.testing.StateFixtures;
import io.banditflow.testing.StateFixtures.Example;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every committed state fixture (every type, every format version) restores with the current code,
 * with the values it was written with: Flink's serializer snapshot decides whether the current
 * serializer reads it as is or the old one migrates it, as on a savepoint restore. A change that
 * breaks a learner's or an operator's state fails here before it fails in production.
 */
class StateFormatTest {
    private static final Pattern FILE = Pattern.compile("(.+)-v(\\d+)\\.bin");
    private static final JsonMapper JSON = new JsonMapper();

    static Stream<Path> fixtures() throws Exception {
        List<Path> files;
        try (Stream<Path> list = Files.list(StateFixtures.DIRECTORY)) {
            files = list.sorted().toList();
        }
        assertFalse(files.isEmpty(), "no state fixtures committed");
        for (Example<?> example : StateFixtures.examples(StateFixtures.VERSION)) {
            assertTrue(
                    files.contains(StateFixtures.file(example.name(), StateFixtures.VERSION)),
                    () ->
                            example.name()
                                    + " has no fixture of the current version: run the"
                                    + " generator and commit its files");
        }
        return files.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void shouldRestoreWithTheCurrentCode(Path file) throws Exception {
        Matcher m = FILE.matcher(file.getFileName().toString());
        assertEquals(true, m.matches(), file.toString());
        Example<?> example =
                StateFixtures.examples(Integer.parseInt(m.group(2))).stream()
                        .filter(e -> e.name().equals(m.group(1)))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("no example for " + file));
        restoresAs(example, Files.readAllBytes(file));
    }

    private static <T> void restoresAs(Example<T> example, byte[] bytes) throws Exception {
        List<T> restored = StateFixtures.read(example.type(), bytes);
        assertEquals(JSON.valueToTree(example.values()), JSON.valueToTree(restored));
    }
}
