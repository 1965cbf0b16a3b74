package io.banditflow.core.event;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.function.LongSupplier;

/**
 * Validates impression, click and conversion records against their published JSON Schemas ({@code
 * src/main/resources/schemas/}) and turns them into {@link FeedbackEvent}s.
 *
 * <p>Never throws on bad input: every problem becomes a {@link ParseResult.Rejected} naming the
 * field. The only input that is not a pure function of the record is the wall clock, used to reject
 * timestamps implausibly far in the future; it is injected so tests can fix it.
 */
public final class EventParser {
    // NaN and Infinity parse, so that they are rejected as invalid money rather than as bad JSON.
    // A field given twice is malformed: which of two costs was meant cannot be guessed (issue 21).
    private static final JsonMapper MAPPER =
            JsonMapper.builder()
                    .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build();

    private final long maxFutureSkewMillis;
    private final LongSupplier wallClock;

    public EventParser(long maxFutureSkewMillis, LongSupplier wallClock) {
        this.maxFutureSkewMillis = maxFutureSkewMillis;
        this.wallClock = wallClock;
    }

    public ParseResult parse(EventType type, String payload) {
        try {
            return new ParseResult.Valid(read(type, objectOf(payload)));
        } catch (InvalidField e) {
            return reject(e.reason, e.getMessage());
        }
    }

    /** Validates a kill-switch command from the control topic. */
    public ParseResult parseCommand(String payload) {
        try {
            JsonNode root = objectOf(payload);
            ControlAction parsed = enumValue(root, "action", ControlAction.class);
            return new ParseResult.ValidCommand(
                    new ControlCommand(
                            requiredText(root, "commandId"),
                            requiredText(root, "scope"),
                            parsed,
                            requiredText(root, "reason"),
                            requiredText(root, "issuedBy"),
                            timestamp(root, "eventTime")));
        } catch (InvalidField e) {
            return reject(e.reason, e.getMessage());
        }
    }

    /** Validates a product catalog record. */
    public ParseResult parseCatalog(String payload) {
        try {
            JsonNode root = objectOf(payload);
            ProductStatus parsed = enumValue(root, "status", ProductStatus.class);
            double baseBid = Double.NaN;
            if (root.hasNonNull("baseBid")) {
                baseBid = money(root, "baseBid");
                if (baseBid == 0) {
                    throw new InvalidField(RejectReason.INVALID_MONEY, "baseBid must be positive");
                }
            }
            return new ParseResult.ValidCatalog(
                    new CatalogEntry(
                            requiredText(root, "productId"),
                            optionalText(root, "category"),
                            optionalText(root, "priceBand"),
                            baseBid,
                            parsed,
                            timestamp(root, "eventTime")));
        } catch (InvalidField e) {
            return reject(e.reason, e.getMessage());
        }
    }

    /** Validates a decision request from the request topic. */
    public ParseResult parseRequest(String payload) {
        try {
            JsonNode root = objectOf(payload);
            String requestId = requiredText(root, "requestId");
            String productId = requiredText(root, "productId");
            long eventTime = timestamp(root, "eventTime");
            String segment = optionalText(root, "segment");
            Device device = device(root);
            JsonNode features = root.get("features");
            if (features == null || features.isNull()) {
                features = MAPPER.createObjectNode();
            } else if (!features.isObject()) {
                throw new InvalidField(
                        RejectReason.WRONG_TYPE, "features must be an object of numbers");
            }
            String[] names = new String[features.size()];
            double[] values = new double[features.size()];
            int i = 0;
            for (var it = features.fields(); it.hasNext(); i++) {
                var field = it.next();
                JsonNode value = field.getValue();
                if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
                    throw new InvalidField(
                            RejectReason.INVALID_FEATURE,
                            "features." + field.getKey() + " must be a finite number");
                }
                names[i] = field.getKey();
                values[i] = value.doubleValue();
            }
            return new ParseResult.ValidRequest(
                    new DecisionRequest(
                            requestId, productId, eventTime, segment, device, names, values));
        } catch (InvalidField e) {
            return reject(e.reason, e.getMessage());
        }
    }

    private static JsonNode objectOf(String payload) {
        if (payload == null || payload.isBlank()) {
            throw new InvalidField(RejectReason.MALFORMED_JSON, "empty payload");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(payload);
        } catch (JacksonException e) {
            throw new InvalidField(RejectReason.MALFORMED_JSON, e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidField(RejectReason.NOT_AN_OBJECT, "expected a JSON object");
        }
        return root;
    }

    private FeedbackEvent read(EventType type, JsonNode root) {
        String eventId = requiredText(root, "eventId");
        String productId = requiredText(root, "productId");
        long eventTime = timestamp(root, "eventTime");
        String decisionId = optionalText(root, "decisionId");
        return switch (type) {
            case IMPRESSION ->
                    new FeedbackEvent(
                            type,
                            eventId,
                            productId,
                            eventTime,
                            eventTime,
                            money(root, "bid"),
                            0,
                            0,
                            decisionId,
                            device(root));
            case CLICK ->
                    new FeedbackEvent(
                            type,
                            eventId,
                            productId,
                            eventTime,
                            eventTime,
                            0,
                            money(root, "cost"),
                            0,
                            decisionId,
                            device(root));
            case CONVERSION -> {
                long clickTime = timestamp(root, "clickTime");
                if (clickTime > eventTime) {
                    throw new InvalidField(
                            RejectReason.INCONSISTENT_TIMES,
                            "clickTime " + clickTime + " is after eventTime " + eventTime);
                }
                yield FeedbackEvent.conversion(
                        eventId, productId, eventTime, clickTime, money(root, "value"), decisionId);
            }
        };
    }

    private static JsonNode required(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new InvalidField(RejectReason.MISSING_FIELD, field + " is missing");
        }
        return node;
    }

    private static String requiredText(JsonNode root, String field) {
        JsonNode node = required(root, field);
        if (!node.isTextual()) {
            throw new InvalidField(RejectReason.WRONG_TYPE, field + " must be a string");
        }
        if (node.textValue().isBlank()) {
            throw new InvalidField(RejectReason.MISSING_FIELD, field + " is empty");
        }
        return node.textValue();
    }

    private static String optionalText(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new InvalidField(RejectReason.WRONG_TYPE, field + " must be a string");
        }
        return node.textValue();
    }

    private long timestamp(JsonNode root, String field) {
        JsonNode node = required(root, field);
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new InvalidField(
                    RejectReason.WRONG_TYPE, field + " must be epoch milliseconds (an integer)");
        }
        long millis = node.longValue();
        if (millis <= 0) {
            throw new InvalidField(
                    RejectReason.INVALID_TIMESTAMP, field + " must be positive, got " + millis);
        }
        long latest = wallClock.getAsLong() + maxFutureSkewMillis;
        if (millis > latest) {
            throw new InvalidField(
                    RejectReason.FUTURE_TIMESTAMP,
                    field + " " + millis + " is more than the allowed skew in the future");
        }
        return millis;
    }

    private static double money(JsonNode root, String field) {
        JsonNode node = required(root, field);
        if (!node.isNumber()) {
            throw new InvalidField(RejectReason.WRONG_TYPE, field + " must be a number");
        }
        double amount = node.doubleValue();
        if (!Double.isFinite(amount) || amount < 0) {
            throw new InvalidField(
                    RejectReason.INVALID_MONEY,
                    field + " must be finite and non-negative, got " + node.asText());
        }
        return amount;
    }

    private static <E extends Enum<E>> E enumValue(JsonNode root, String field, Class<E> type) {
        String name = requiredText(root, field);
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new InvalidField(RejectReason.UNKNOWN_ENUM, field + " '" + name + "' is unknown");
        }
    }

    private static Device device(JsonNode root) {
        String name = optionalText(root, "device");
        if (name == null) {
            return null;
        }
        try {
            return Device.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidField(RejectReason.UNKNOWN_ENUM, "device '" + name + "' is unknown");
        }
    }

    private static ParseResult reject(RejectReason reason, String detail) {
        return new ParseResult.Rejected(reason, detail);
    }

    /** Internal control flow: the first invalid field ends the validation of a record. */
    private static final class InvalidField extends RuntimeException {
        private final RejectReason reason;

        InvalidField(RejectReason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}
