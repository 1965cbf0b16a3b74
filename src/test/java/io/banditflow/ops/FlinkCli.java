package io.banditflow.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The session-cluster tests' {@code flink run} and {@code flink stop}, through Flink's own CLI. */
final class FlinkCli {
    private static final Pattern SUBMITTED = Pattern.compile("JobID ([0-9a-f]{32})");
    private static final Pattern SAVEPOINT = Pattern.compile("Savepoint completed\\. Path: (\\S+)");

    private FlinkCli() {}

    /** {@code flink run -d -p <parallelism> [more] <jar> --job <file>}: the job id. */
    static String submit(
            SessionCluster cluster, String jar, String jobFile, int parallelism, String... more)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "-d", "-p", "" + parallelism));
        args.addAll(List.of(more));
        args.addAll(List.of(jar, "--job", jobFile));
        SessionCluster.Cli run = cluster.flink(args.toArray(String[]::new));
        Matcher id = SUBMITTED.matcher(run.output());
        assertTrue(run.exitCode() == 0 && id.find(), run.output());
        return id.group(1);
    }

    /** {@code flink stop <job>}: the savepoint's path. */
    static String stop(SessionCluster cluster, String job) throws Exception {
        SessionCluster.Cli stop = cluster.flink("stop", job);
        Matcher path = SAVEPOINT.matcher(stop.output());
        assertTrue(stop.exitCode() == 0 && path.find(), stop.output());
        return path.group(1);
    }
}
