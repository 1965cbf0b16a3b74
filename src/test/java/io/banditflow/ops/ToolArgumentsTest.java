package io.banditflow.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.flink.util.ParameterTool;
import org.junit.jupiter.api.Test;

/** A tool refuses an option it does not have instead of running its defaults without a word. */
class ToolArgumentsTest {
    private static final List<String> OPTIONS = List.of("seed", "mechanism", "logs");

    @Test
    void shouldReadTheToolsOwnOptions() {
        ParameterTool params =
                ToolArguments.parse(
                        new String[] {"--seed", "3", "--mechanism", "first-price", "--logs"},
                        OPTIONS);
        assertEquals(3, params.getInt("seed"));
        assertEquals("first-price", params.get("mechanism"));
        assertTrue(params.has("logs"));
    }

    @Test
    void shouldNameAMistypedOptionAndTheToolsOptions() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                ToolArguments.parse(
                                        new String[] {"--seed", "3", "--mechansim", "first-price"},
                                        OPTIONS));
        assertEquals(
                "unknown option --mechansim; the options are --seed, --mechanism, --logs",
                e.getMessage());
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () -> ToolArguments.parse(new String[] {"--help", "--x"}, OPTIONS))
                        .getMessage()
                        .startsWith("unknown options --help, --x;"));
    }
}
