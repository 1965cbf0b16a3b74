package io.banditflow.core.event;

/**
 * A record that failed validation, kept with its raw payload so it can be inspected and replayed.
 *
 * <p>The payload is kept whole up to {@link #MAX_PAYLOAD_CHARS} characters, and cut there with a
 * note of its length beyond: a record near the broker's size limit (1 MiB by default) would
 * otherwise make a dead letter larger than the limit, the dead-letter sink's write would fail, and
 * the job would restart on the same record forever. The detail is cut likewise.
 *
 * @param source the input it came from
 * @param origin where it was read (topic-partition@offset for Kafka)
 */
public record DeadLetter(
        RecordSource source, String origin, RejectReason reason, String detail, String payload) {

    /** The most characters of a rejected record's payload a dead letter keeps: 64 Ki. */
    public static final int MAX_PAYLOAD_CHARS = 65_536;

    /** The most characters of the reason's detail a dead letter keeps. */
    public static final int MAX_DETAIL_CHARS = 2_048;

    public DeadLetter {
        payload = cut(payload, MAX_PAYLOAD_CHARS);
        detail = cut(detail, MAX_DETAIL_CHARS);
    }

    private static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max) + "…[cut: " + text.length() + " characters in all]";
    }
}
