package io.banditflow.harness;

import io.banditflow.core.event.EventJson;
import io.banditflow.core.event.EventType;
import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.policy.Decision;
import io.banditflow.core.policy.DecisionJson;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * A simulated run's logs in the job's own topic formats, a JSON-lines file per topic: {@code
 * decisions.jsonl} and {@code impressions.jsonl}, {@code clicks.jsonl}, {@code conversions.jsonl} —
 * what {@code evaluate --decisions … --impressions …} reads.
 */
final class SimulationLogs implements AutoCloseable {
    private final BufferedWriter decisions;
    private final Map<EventType, BufferedWriter> events = new EnumMap<>(EventType.class);

    SimulationLogs(Path dir) throws IOException {
        Files.createDirectories(dir);
        decisions = Files.newBufferedWriter(dir.resolve("decisions.jsonl"));
        for (EventType type : EventType.values()) {
            events.put(
                    type,
                    Files.newBufferedWriter(
                            dir.resolve(type.name().toLowerCase(Locale.ROOT) + "s.jsonl")));
        }
    }

    void decision(Decision decision) {
        write(decisions, DecisionJson.write(decision));
    }

    void event(FeedbackEvent event) {
        write(events.get(event.type()), EventJson.write(event));
    }

    private static void write(BufferedWriter out, String line) {
        try {
            out.write(line);
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        decisions.close();
        for (BufferedWriter out : events.values()) {
            out.close();
        }
    }
}
