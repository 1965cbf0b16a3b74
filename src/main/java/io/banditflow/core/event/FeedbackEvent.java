package io.banditflow.core.event;

/**
 * A validated impression, click or conversion.
 *
 * <p>{@code eventTime} is when the event happened. {@code attributionTime} is the time that decides
 * which round the event belongs to: its own time for impressions and clicks, the time of the click
 * that led to it for a conversion, so that a sale lands in the round whose bid earned it.
 *
 * @param bid the bid that was placed, for impressions; 0 otherwise
 * @param cost what the click cost, for clicks; 0 otherwise
 * @param value the conversion value, for conversions; 0 otherwise
 * @param decisionId the decision the feedback answers, or null when the platform did not echo it
 * @param device the device class, or null when not reported
 */
public record FeedbackEvent(
        EventType type,
        String eventId,
        String productId,
        long eventTime,
        long attributionTime,
        double bid,
        double cost,
        double value,
        String decisionId,
        Device device) {

    public static FeedbackEvent impression(
            String eventId, String productId, long time, double bid, String decisionId) {
        return new FeedbackEvent(
                EventType.IMPRESSION, eventId, productId, time, time, bid, 0, 0, decisionId, null);
    }

    public static FeedbackEvent click(
            String eventId, String productId, long time, double cost, String decisionId) {
        return new FeedbackEvent(
                EventType.CLICK, eventId, productId, time, time, 0, cost, 0, decisionId, null);
    }

    public static FeedbackEvent conversion(
            String eventId,
            String productId,
            long time,
            long clickTime,
            double value,
            String decisionId) {
        return new FeedbackEvent(
                EventType.CONVERSION,
                eventId,
                productId,
                time,
                clickTime,
                0,
                0,
                value,
                decisionId,
                null);
    }
}
