package io.banditflow.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs the repository's command-line launchers ({@code bin/}) as an operator would, in a child
 * process, and reports what they printed on each stream and how they ended; free 127.0.0.1 ports
 * for the services they start.
 */
public final class TestingCommands {
    private TestingCommands() {}

    /** What a command printed, and how it ended. */
    public record Run(int exitCode, String stdout, String stderr) {
        /** Everything, for an assertion's message. */
        public String all() {
            return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    /**
     * Runs a command from the repository's root with extra environment variables and, when not
     * null, the given standard input; waits for it to end.
     */
    public static Run run(Map<String, String> env, String stdin, String... command)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        // stderr to a file: reading both pipes in one thread could block on a full stderr pipe
        Path err = Files.createTempFile("banditflow-command", ".err");
        builder.redirectError(err.toFile());
        Process process = builder.start();
        try (var in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        String stderr = Files.readString(err);
        Files.delete(err);
        return new Run(exit, stdout, stderr);
    }

    /** Whether something accepts connections on a 127.0.0.1 port. */
    public static boolean listening(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A 127.0.0.1 port that was free a moment ago. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Where the kernel's ephemeral ports begin when it does not say (Linux's default). */
    private static final int EPHEMERAL_DEFAULT = 32_768;

    /** The lowest port {@link #portForAService} hands out: above the well-known services'. */
    private static final int LOWEST_SERVICE_PORT = 10_000;

    /** The ports this JVM handed out, so that two services never get the same one. */
    private static final Set<Integer> TAKEN = ConcurrentHashMap.newKeySet();

    /**
     * A 127.0.0.1 port free now, below the kernel's ephemeral range, for a service a child process
     * will bind later. A port from {@link #freePort} comes from that range, so any bind to port 0
     * or outgoing connection in between — a broker's, a cluster's — can take it first: the session
     * cluster's task manager then found no reporter port it was given, and the stack test saw none
     * of its metrics (2026-12-05). Below the range only another explicit bind can. Seeded from the
     * process and the clock so that concurrent test JVMs start apart.
     */
    public static int portForAService() throws IOException {
        int ceiling = ephemeralStart();
        int span = ceiling - LOWEST_SERVICE_PORT;
        int start = (int) Math.floorMod(System.nanoTime() ^ ProcessHandle.current().pid(), span);
        for (int i = 0; i < span; i++) {
            int port = LOWEST_SERVICE_PORT + (start + i) % span;
            if (!TAKEN.contains(port) && bindable(port)) {
                TAKEN.add(port);
                return port;
            }
        }
        throw new IOException("no free port below " + ceiling);
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static int ephemeralStart() {
        try {
            // read as lines: Files.readString gives the first byte only of this /proc file
            String range =
                    Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0);
            return Integer.parseInt(range.trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException notLinux) {
            return EPHEMERAL_DEFAULT;
        }
    }
}
