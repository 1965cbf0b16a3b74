package io.banditflow.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.job.config.JobConfig;
import io.banditflow.testing.TestingJobs;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code state bootstrap} reads the file {@code state export > file} wrote (issue 21, tools that
 * pipe): a line that is only a terminal escape (Maven 3.8 writes a reset at exit, redirected or
 * not) is no data, and a line that is not JSON is named by its number, not a bare parser error.
 */
class StateToolLinesTest {
    private static final JobConfig JOB = JobConfig.parse(TestingJobs.SMALL_JOB);

    @Test
    void shouldSkipTerminalEscapesAndNameTheLineThatIsNotJson() throws Exception {
        assertTrue(
                StateTool.learners(List.of("\u001B[0m", "", "\u001B[0m\u001B[0m"), JOB).isEmpty());

        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                StateTool.learners(
                                        List.of("", "12:00:01 WARN Fetcher - retry"), JOB));
        assertTrue(e.getMessage().startsWith("line 2: not a JSON object: "), e.getMessage());
        assertEquals(
                "line 1: needs productId and learner",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> StateTool.learners(List.of("{\"x\":1}"), JOB))
                        .getMessage());
    }
}
