package io.banditflow.ops;

import io.banditflow.job.config.JobConfigException;
import java.io.FileNotFoundException;
import java.nio.file.NoSuchFileException;

/**
 * How the command-line tools end on bad input (issue 21, tools that pipe): one line on stderr
 * naming the tool and what was wrong, and exit code 2 — never a stack trace for a file that is not
 * there, an invalid job file or an invalid argument. Any other exception is a bug and keeps its
 * stack trace.
 */
public final class ToolExit {
    /** Exit code of bad input, as the README documents it. */
    public static final int BAD_INPUT = 2;

    private ToolExit() {}

    /** A tool's work. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    /** Runs a tool's work; on bad input prints one line and exits with {@link #BAD_INPUT}. */
    public static void run(String tool, Work work) throws Exception {
        try {
            work.run();
        } catch (Exception e) {
            String message = badInput(e);
            if (message == null) {
                throw e;
            }
            // one line: a parser's message spans several (the YAML reader's names line and column)
            System.err.println(tool + ": " + message.strip().replaceAll("\\s*\\R\\s*", " "));
            System.exit(BAD_INPUT);
        }
    }

    /** The one line for an exception that means bad input, or null for any other. */
    static String badInput(Exception e) {
        if (e instanceof NoSuchFileException || e instanceof FileNotFoundException) {
            return "no such file: " + e.getMessage();
        }
        if (e instanceof IllegalArgumentException || e instanceof JobConfigException) {
            return e.getMessage();
        }
        return null;
    }
}
