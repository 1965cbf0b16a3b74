package io.banditflow.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

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
}
