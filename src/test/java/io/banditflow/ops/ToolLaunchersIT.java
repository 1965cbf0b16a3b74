package io.banditflow.ops;

import static io.banditflow.testing.TestingCommands.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.testing.TestingCommands.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launchers in {@code bin/} as the README documents them (issue 21, part 4): on bad input a
 * tool prints one line on stderr naming the tool and the problem, nothing on stdout (no stray
 * terminal escape either), and exits with code 2 — not inside a Maven stack trace. Runs in {@code
 * verify}.
 */
class ToolLaunchersIT {
    private static final String VALID_JOB = "jobs/sponsored-search.yaml";

    @TempDir Path work;

    /** Builds the launchers' class path once, so no test sees the build's progress lines. */
    @BeforeAll
    static void buildTheClassPath() throws Exception {
        Run build = run(Map.of(), null, "bash", "-c", "source bin/lib.sh && banditflow_classpath");
        assertEquals(0, build.exitCode(), build.all());
    }

    @Test
    void stateBootstrapShouldNameTheLineThatIsNotJson() throws Exception {
        Path learners =
                Files.writeString(
                        work.resolve("learners.jsonl"), "\n\u001b[0m\n12:00:01 WARN retry\n");
        Run bootstrap =
                run(
                        Map.of(),
                        null,
                        "bin/state",
                        "bootstrap",
                        learners.toString(),
                        "--job",
                        VALID_JOB,
                        "--out",
                        work.resolve("savepoint").toString());
        assertBadInput(bootstrap, "state bootstrap: line 3: ");
    }

    @Test
    void stateShouldNameAMissingSavepoint() throws Exception {
        Run inspect =
                run(
                        Map.of(),
                        null,
                        "bin/state",
                        "inspect",
                        work.resolve("no-such-savepoint").toString(),
                        "--job",
                        VALID_JOB);
        assertEquals(2, inspect.exitCode(), inspect.all());
        assertEquals("", inspect.stdout(), inspect.all());
        assertTrue(inspect.stderr().startsWith("state inspect: "), inspect.all());
        assertEquals(1, inspect.stderr().lines().count(), inspect.all());
    }

    @Test
    void stateWithoutACommandShouldPrintItsUsage() throws Exception {
        Run state = run(Map.of(), null, "bin/state");
        assertEquals(2, state.exitCode(), state.all());
        assertEquals("", state.stdout(), state.all());
        assertTrue(state.stderr().startsWith("usage: state inspect"), state.all());
    }

    @Test
    void simulateShouldRejectAJobFileThatIsNotYaml() throws Exception {
        Path job = Files.writeString(work.resolve("job.yaml"), "name: [unclosed\n");
        Run simulate = run(Map.of(), null, "bin/simulate", "--job", job.toString());
        assertBadInput(simulate, "simulate: the job file is not valid YAML");
    }

    /** A mistyped option once ran the defaults (second price here) without a word. */
    @Test
    void simulateShouldRefuseAnOptionItDoesNotHave() throws Exception {
        Run simulate = run(Map.of(), null, "bin/simulate", "--mechansim", "first-price");
        assertBadInput(simulate, "simulate: unknown option --mechansim; the options are --job,");
    }

    @Test
    void evaluateShouldNameAMissingJobFile() throws Exception {
        Path job = work.resolve("missing.yaml");
        Run evaluate =
                run(Map.of(), null, "bin/evaluate", "--job", job.toString(), "--decisions", "x");
        assertBadInput(evaluate, "evaluate: no such job file: " + job);
    }

    @Test
    void topicsShouldNameAMissingJobFile() throws Exception {
        Path job = work.resolve("missing.yaml");
        Run topics =
                run(
                        Map.of(),
                        null,
                        "bin/topics",
                        "--job",
                        job.toString(),
                        "--bootstrap-server",
                        "127.0.0.1:1");
        assertBadInput(topics, "topics: no such job file: " + job);
    }

    private static void assertBadInput(Run run, String lineStart) {
        assertEquals(2, run.exitCode(), run.all());
        assertEquals("", run.stdout(), "stdout holds data only: " + run.all());
        assertEquals(1, run.stderr().lines().count(), "one line: " + run.all());
        assertTrue(run.stderr().startsWith(lineStart), run.all());
        assertTrue(run.stderr().indexOf('\u001b') < 0, "no terminal escape: " + run.all());
    }
}
