package io.banditflow.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.util.FileUtils;

/**
 * A directory under the system's temporary directory, deleted with all it holds when closed: the
 * checkpoints of a demo or benchmark run, which would otherwise pile up run after run.
 */
public record TemporaryDirectory(Path path) implements AutoCloseable {
    public static TemporaryDirectory create(String prefix) throws IOException {
        return new TemporaryDirectory(Files.createTempDirectory(prefix));
    }

    @Override
    public void close() throws IOException {
        FileUtils.deleteDirectory(path.toFile());
    }
}
