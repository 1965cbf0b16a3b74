package io.banditflow.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.banditflow.job.config.JobConfig;
import io.banditflow.job.config.JobConfigException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/** Which failures of a tool are bad input (one line, exit 2) and which are bugs (a stack trace). */
class ToolExitTest {
    @Test
    void shouldNameBadInputInOneLineAndLeaveBugsAlone() {
        assertEquals(
                "no such file: jobs/missing.yaml",
                ToolExit.badInput(new NoSuchFileException("jobs/missing.yaml")));
        JobConfigException invalid =
                assertThrows(JobConfigException.class, () -> JobConfig.parse("name: [unclosed"));
        assertEquals(invalid.getMessage(), ToolExit.badInput(invalid));
        assertEquals("bad --days", ToolExit.badInput(new IllegalArgumentException("bad --days")));
        assertNull(ToolExit.badInput(new NullPointerException("a bug")));
    }

    @Test
    void shouldLetABugThroughWithItsStackTrace() {
        IllegalStateException bug = new IllegalStateException("a bug");
        assertSame(
                bug,
                assertThrows(
                        IllegalStateException.class,
                        () ->
                                ToolExit.run(
                                        "test",
                                        () -> {
                                            throw bug;
                                        })));
    }
}
