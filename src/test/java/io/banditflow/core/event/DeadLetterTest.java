package io.banditflow.core.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A rejected record near the broker's size limit (1 MiB by default) must not make a dead letter the
 * dead-letter topic refuses (the job would restart on it forever): the payload is cut at 64 Ki
 * characters with a note of its length.
 */
class DeadLetterTest {
    @Test
    void shouldCutAHugePayloadSoTheDeadLetterStaysSmall() {
        String huge = "{\"eventId\":\"" + "x".repeat(1_048_000) + "\"";
        EventParser parser = new EventParser(Long.MAX_VALUE / 4, () -> 0L);
        ParseResult.Rejected rejected = (ParseResult.Rejected) parser.parse(EventType.CLICK, huge);
        DeadLetter letter =
                new DeadLetter(
                        RecordSource.CLICK, "c-0@1", rejected.reason(), rejected.detail(), huge);

        assertTrue(letter.payload().startsWith(huge.substring(0, DeadLetter.MAX_PAYLOAD_CHARS)));
        assertTrue(letter.payload().endsWith("…[cut: " + huge.length() + " characters in all]"));
        int bytes = OutputJson.write(letter).getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes < 70_000, "dead letter of " + bytes + " bytes");

        String small = "{not json";
        assertEquals(
                small,
                new DeadLetter(RecordSource.CLICK, "c-0@2", RejectReason.MALFORMED_JSON, "x", small)
                        .payload());
    }
}
