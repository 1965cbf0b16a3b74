package io.banditflow.core.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventParserTest {
    private static final long NOW = 1_800_000_000_000L;
    private final EventParser parser = new EventParser(3_600_000, () -> NOW);

    @Test
    void shouldParseEachTypeAndRoundTrip() {
        FeedbackEvent impression = FeedbackEvent.impression("i", "p", NOW - 10, 0.15, "job/p/3");
        FeedbackEvent click = FeedbackEvent.click("c", "p", NOW - 5, 0.12, null);
        FeedbackEvent conversion =
                FeedbackEvent.conversion("v", "p", NOW, NOW - 5, 42.5, "job/p/3");
        for (FeedbackEvent event : new FeedbackEvent[] {impression, click, conversion}) {
            ParseResult result = parser.parse(event.type(), EventJson.write(event));
            assertEquals(new ParseResult.Valid(event), result);
        }
    }

    @Test
    void shouldAttributeConversionToItsClickTime() {
        ParseResult result =
                parser.parse(
                        EventType.CONVERSION,
                        "{\"eventId\":\"v\",\"productId\":\"p\",\"eventTime\":2000,\"clickTime\":1000,\"value\":3}");
        FeedbackEvent event = assertInstanceOf(ParseResult.Valid.class, result).event();
        assertEquals(2000, event.eventTime());
        assertEquals(1000, event.attributionTime());
    }

    @Test
    void shouldParseDevice() {
        ParseResult result =
                parser.parse(
                        EventType.CLICK,
                        "{\"eventId\":\"c\",\"productId\":\"p\",\"eventTime\":5,\"cost\":0.1,\"device\":\"MOBILE\"}");
        assertEquals(
                Device.MOBILE, assertInstanceOf(ParseResult.Valid.class, result).event().device());
    }

    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "IMPRESSION | MALFORMED_JSON     | {\"eventId\": \"i\", ",
                "IMPRESSION | MALFORMED_JSON     | ''",
                "IMPRESSION | NOT_AN_OBJECT      | [1, 2]",
                "IMPRESSION | NOT_AN_OBJECT      | 42",
                "IMPRESSION | MISSING_FIELD      | {\"productId\":\"p\",\"eventTime\":5,\"bid\":0.1}",
                "IMPRESSION | MISSING_FIELD      | {\"eventId\":\"i\",\"productId\":\"  \",\"eventTime\":5,\"bid\":0.1}",
                "IMPRESSION | MISSING_FIELD      | {\"eventId\":\"i\",\"productId\":\"p\",\"eventTime\":5}",
                "IMPRESSION | WRONG_TYPE         | {\"eventId\":\"i\",\"productId\":7,\"eventTime\":5,\"bid\":0.1}",
                "IMPRESSION | WRONG_TYPE         | {\"eventId\":\"i\",\"productId\":\"p\",\"eventTime\":\"2026-01-01\",\"bid\":0.1}",
                "IMPRESSION | WRONG_TYPE         | {\"eventId\":\"i\",\"productId\":\"p\",\"eventTime\":5.5,\"bid\":0.1}",
                "IMPRESSION | WRONG_TYPE         | {\"eventId\":\"i\",\"productId\":\"p\",\"eventTime\":5,\"bid\":\"0.1\"}",
                "IMPRESSION | WRONG_TYPE         | {\"eventId\":\"i\",\"productId\":\"p\",\"eventTime\":5,\"bid\":0.1,\"decisionId\":3}",
                "IMPRESSION | INVALID_MONEY      | {\"eventId\":\"i\",\"productId\":\"p\",\"eventTime\":5,\"bid\":NaN}",
                "IMPRESSION | INVALID_MONEY      | {\"eventId\":\"i\",\"productId\":\"p\",\"eventTime\":5,\"bid\":-0.1}",
                "CLICK      | INVALID_MONEY      | {\"eventId\":\"c\",\"productId\":\"p\",\"eventTime\":5,\"cost\":Infinity}",
                "CONVERSION | INVALID_MONEY      | {\"eventId\":\"v\",\"productId\":\"p\",\"eventTime\":5,\"clickTime\":4,\"value\":-3}",
                "CLICK      | UNKNOWN_ENUM       | {\"eventId\":\"c\",\"productId\":\"p\",\"eventTime\":5,\"cost\":0.1,\"device\":\"FRIDGE\"}",
                "CLICK      | INVALID_TIMESTAMP  | {\"eventId\":\"c\",\"productId\":\"p\",\"eventTime\":-5,\"cost\":0.1}",
                "CLICK      | FUTURE_TIMESTAMP   | {\"eventId\":\"c\",\"productId\":\"p\",\"eventTime\":1800003600001,\"cost\":0.1}",
                "CONVERSION | INCONSISTENT_TIMES | {\"eventId\":\"v\",\"productId\":\"p\",\"eventTime\":5,\"clickTime\":6,\"value\":3}",
                "CONVERSION | MISSING_FIELD      | {\"eventId\":\"v\",\"productId\":\"p\",\"eventTime\":5,\"value\":3}",
            })
    void shouldRejectBadInputWithReason(EventType type, RejectReason reason, String payload) {
        ParseResult result = parser.parse(type, payload);
        assertEquals(
                reason,
                assertInstanceOf(ParseResult.Rejected.class, result).reason(),
                () -> result.toString());
    }

    @Test
    void shouldAcceptTimestampsWithinFutureSkew() {
        ParseResult result =
                parser.parse(
                        EventType.CLICK,
                        "{\"eventId\":\"c\",\"productId\":\"p\",\"eventTime\":1800003600000,\"cost\":0.1}");
        assertInstanceOf(ParseResult.Valid.class, result);
    }

    @Test
    void shouldParseAKillSwitchCommand() {
        ParseResult result =
                parser.parseCommand(
                        "{\"commandId\":\"k1\",\"scope\":\"*\",\"action\":\"STOP_BIDDING\","
                                + "\"reason\":\"runaway spend\",\"issuedBy\":\"sre\",\"eventTime\":100}");
        assertEquals(
                new ParseResult.ValidCommand(
                        new ControlCommand(
                                "k1",
                                "*",
                                ControlAction.STOP_BIDDING,
                                "runaway spend",
                                "sre",
                                100)),
                result);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "UNKNOWN_ENUM | {\"commandId\":\"k\",\"scope\":\"*\",\"action\":\"PANIC\",\"reason\":\"r\",\"issuedBy\":\"i\",\"eventTime\":1}",
                "MISSING_FIELD | {\"commandId\":\"k\",\"scope\":\"*\",\"action\":\"RELEASE\",\"reason\":\"r\",\"eventTime\":1}",
                "WRONG_TYPE | {\"commandId\":\"k\",\"scope\":\"*\",\"action\":\"RELEASE\",\"reason\":\"r\",\"issuedBy\":\"i\",\"eventTime\":\"now\"}",
                "MALFORMED_JSON | {",
            })
    void shouldRejectABadCommandWithReason(RejectReason reason, String payload) {
        ParseResult result = parser.parseCommand(payload);
        assertEquals(reason, ((ParseResult.Rejected) result).reason(), result.toString());
    }

    @Test
    void shouldParseACatalogEntry() {
        assertEquals(
                new ParseResult.ValidCatalog(
                        new CatalogEntry("p1", "shoes", "mid", 0.12, ProductStatus.PAUSED, 100)),
                parser.parseCatalog(
                        "{\"productId\":\"p1\",\"status\":\"PAUSED\",\"baseBid\":0.12,"
                                + "\"category\":\"shoes\",\"priceBand\":\"mid\",\"eventTime\":100}"));
        ParseResult minimal =
                parser.parseCatalog("{\"productId\":\"p1\",\"status\":\"ACTIVE\",\"eventTime\":5}");
        CatalogEntry entry = ((ParseResult.ValidCatalog) minimal).entry();
        assertEquals(false, entry.hasBaseBid());
        assertEquals(
                RejectReason.UNKNOWN_ENUM,
                ((ParseResult.Rejected)
                                parser.parseCatalog(
                                        "{\"productId\":\"p1\",\"status\":\"GONE\",\"eventTime\":5}"))
                        .reason());
        assertEquals(
                RejectReason.INVALID_MONEY,
                ((ParseResult.Rejected)
                                parser.parseCatalog(
                                        "{\"productId\":\"p1\",\"status\":\"ACTIVE\",\"baseBid\":0,\"eventTime\":5}"))
                        .reason());
    }

    @Test
    void shouldParseADecisionRequestAndRoundTrip() {
        ParseResult result =
                parser.parseRequest(
                        "{\"requestId\":\"r1\",\"productId\":\"p\",\"eventTime\":100,"
                                + "\"segment\":\"new\",\"device\":\"TABLET\","
                                + "\"features\":{\"depth\":0.5,\"position\":-2}}");
        DecisionRequest request =
                assertInstanceOf(ParseResult.ValidRequest.class, result).request();
        assertEquals("r1", request.requestId());
        assertEquals(100, request.eventTime());
        assertEquals("new", request.segment());
        assertEquals(Device.TABLET, request.device());
        assertEquals(0.5, request.feature("depth"));
        assertEquals(-2, request.feature("position"));
        assertEquals(Double.NaN, request.feature("absent"));
        DecisionRequest again =
                ((ParseResult.ValidRequest) parser.parseRequest(EventJson.write(request)))
                        .request();
        assertEquals(EventJson.write(request), EventJson.write(again));

        DecisionRequest minimal =
                ((ParseResult.ValidRequest)
                                parser.parseRequest(
                                        "{\"requestId\":\"r\",\"productId\":\"p\",\"eventTime\":1}"))
                        .request();
        assertEquals(null, minimal.segment());
        assertEquals(0, minimal.featureNames().length);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "MISSING_FIELD   | {\"productId\":\"p\",\"eventTime\":1}",
                "MISSING_FIELD   | {\"requestId\":\"r\",\"eventTime\":1}",
                "WRONG_TYPE      | {\"requestId\":\"r\",\"productId\":\"p\",\"eventTime\":1,\"segment\":3}",
                "WRONG_TYPE      | {\"requestId\":\"r\",\"productId\":\"p\",\"eventTime\":1,\"features\":[1]}",
                "WRONG_TYPE      | {\"requestId\":\"r\",\"productId\":\"p\",\"eventTime\":1,\"features\":\"x\"}",
                "INVALID_FEATURE | {\"requestId\":\"r\",\"productId\":\"p\",\"eventTime\":1,\"features\":{\"a\":NaN}}",
                "INVALID_FEATURE | {\"requestId\":\"r\",\"productId\":\"p\",\"eventTime\":1,\"features\":{\"a\":\"1\"}}",
                "UNKNOWN_ENUM    | {\"requestId\":\"r\",\"productId\":\"p\",\"eventTime\":1,\"device\":\"TV\"}",
                "FUTURE_TIMESTAMP | {\"requestId\":\"r\",\"productId\":\"p\",\"eventTime\":1800003600001}",
                "NOT_AN_OBJECT   | []",
            })
    void shouldRejectABadRequestWithReason(RejectReason reason, String payload) {
        ParseResult result = parser.parseRequest(payload);
        assertEquals(
                reason,
                assertInstanceOf(ParseResult.Rejected.class, result).reason(),
                result.toString());
    }
}
