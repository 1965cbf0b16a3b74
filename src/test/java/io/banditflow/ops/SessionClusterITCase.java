package io.banditflow.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scripted session cluster comes up as separate JVMs on free 127.0.0.1 ports, answers Flink's
 * own command-line front end, and is gone when closed.
 */
class SessionClusterITCase {
    @TempDir Path workDir;

    @Test
    void shouldStartAnswerTheCliAndStop() throws Exception {
        int rest = freePort();
        Map<String, String> ports =
                Map.of(
                        "rest.port", String.valueOf(rest),
                        "jobmanager.rpc.port", String.valueOf(freePort()),
                        "metrics.reporter.prom.port", freePort() + "-" + (freePort()));
        SessionCluster cluster =
                SessionCluster.start(workDir, Path.of("conf/config.yaml"), 2, ports)
                        .stoppingWithThisJvm();
        try (cluster) {
            assertEquals(rest, cluster.restPort());
            SessionCluster.Cli list = cluster.flink("list");
            assertEquals(0, list.exitCode(), list.output());
            assertTrue(list.output().contains("No running jobs"), list.output());
        }
        assertFalse(cluster.running(), "every process stopped");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
