package io.banditflow.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Bad input, tried at random (issue 21 part 7): every parser that takes outside input — the three
 * event topics, control commands, catalog entries and decision requests — on arbitrary text,
 * arbitrary bytes read as the Kafka sources read them (UTF-8), and JSON objects built from the
 * schema's field names with values at the edges (huge and negative numbers, NaN and infinities,
 * numbers as strings, unicode and empty ids, nested structures). Never an exception out of a
 * parser: every record is valid or rejected with a reason, and a valid one holds what the job
 * relies on (ids not blank, money finite and not negative, times in range). Seeded, so every run
 * tries the same cases (a flaky test is a failing test); change a seed to explore further.
 */
class ParserPropertiesTest {
    /** Far past any timestamp the generators make: no record is rejected as from the future. */
    private static final EventParser PARSER = new EventParser(Long.MAX_VALUE / 4, () -> 0L);

    private static final List<Function<String, ParseResult>> PARSERS =
            List.of(
                    p -> PARSER.parse(EventType.IMPRESSION, p),
                    p -> PARSER.parse(EventType.CLICK, p),
                    p -> PARSER.parse(EventType.CONVERSION, p),
                    PARSER::parseCommand,
                    PARSER::parseCatalog,
                    PARSER::parseRequest);

    private static final List<String> FIELDS =
            List.of(
                    "eventId",
                    "productId",
                    "eventTime",
                    "clickTime",
                    "bid",
                    "cost",
                    "value",
                    "decisionId",
                    "device",
                    "commandId",
                    "scope",
                    "action",
                    "reason",
                    "issuedBy",
                    "status",
                    "category",
                    "priceBand",
                    "baseBid",
                    "requestId",
                    "segment",
                    "features");

    @Property(tries = 500, seed = "21")
    void anyTextIsValidOrRejectedWithAReason(@ForAll String payload) {
        everyParserJudges(payload);
    }

    @Property(tries = 500, seed = "22")
    void anyBytesReadAsTheSourcesReadThemAreJudged(@ForAll @Size(max = 300) byte[] record) {
        everyParserJudges(new String(record, StandardCharsets.UTF_8));
    }

    @Property(tries = 2_000, seed = "23")
    void recordsOfTheSchemasFieldsWithValuesAtTheEdgesAreJudged(@ForAll("records") String payload) {
        everyParserJudges(payload);
    }

    /** The same field twice is ambiguous (which cost was meant?): rejected, never guessed. */
    @Example
    void aDuplicateFieldIsRejected() {
        String twice =
                "{\"eventId\":\"e\",\"productId\":\"p\",\"eventTime\":1700000000000,"
                        + "\"cost\":0.2,\"cost\":0.3}";
        ParseResult result = PARSER.parse(EventType.CLICK, twice);
        assertThat(result).isInstanceOf(ParseResult.Rejected.class);
        assertThat(((ParseResult.Rejected) result).reason()).isEqualTo(RejectReason.MALFORMED_JSON);
    }

    /** Nesting deeper than Jackson's limit (1,000) is malformed JSON, not a stack overflow. */
    @Example
    void deepNestingIsRejected() {
        String deep = "{\"features\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}";
        for (Function<String, ParseResult> parser : PARSERS) {
            assertThat(parser.apply(deep)).isInstanceOf(ParseResult.Rejected.class);
        }
    }

    private static void everyParserJudges(String payload) {
        for (Function<String, ParseResult> parser : PARSERS) {
            ParseResult result = parser.apply(payload);
            if (result instanceof ParseResult.Rejected r) {
                assertThat(r.reason()).isNotNull();
            } else if (result instanceof ParseResult.Valid v) {
                holds(v.event());
            } else if (result instanceof ParseResult.ValidCommand c) {
                assertThat(c.command().commandId()).isNotBlank();
                assertThat(c.command().scope()).isNotBlank();
            } else if (result instanceof ParseResult.ValidCatalog c) {
                assertThat(c.entry().productId()).isNotBlank();
                assertThat(Double.isNaN(c.entry().baseBid()) || c.entry().baseBid() > 0).isTrue();
            } else if (result instanceof ParseResult.ValidRequest r) {
                assertThat(r.request().productId()).isNotBlank();
                for (double feature : r.request().featureValues()) {
                    assertThat(Double.isFinite(feature)).isTrue();
                }
            }
        }
    }

    private static void holds(FeedbackEvent e) {
        assertThat(e.eventId()).isNotBlank();
        assertThat(e.productId()).isNotBlank();
        for (double money : new double[] {e.bid(), e.cost(), e.value()}) {
            assertThat(Double.isFinite(money) && money >= 0).as("money " + money).isTrue();
        }
        assertThat(e.attributionTime()).isLessThanOrEqualTo(e.eventTime());
    }

    @Provide
    Arbitrary<String> records() {
        Arbitrary<String> field =
                Arbitraries.oneOf(Arbitraries.of(FIELDS), Arbitraries.strings().ofMaxLength(12));
        Arbitrary<String> entry =
                Combinators.combine(field, values()).as((k, v) -> quote(k) + ":" + v);
        return entry.list()
                .ofMaxSize(12)
                .map(
                        entries -> {
                            List<String> all = new ArrayList<>(entries);
                            return "{" + String.join(",", all) + "}";
                        });
    }

    private static Arbitrary<String> values() {
        Arbitrary<String> numbers =
                Arbitraries.oneOf(
                        Arbitraries.longs().map(String::valueOf),
                        Arbitraries.doubles().map(String::valueOf),
                        Arbitraries.of(
                                "0",
                                "-0.0",
                                "1e308",
                                "1e309",
                                "-1e-320",
                                "NaN",
                                "Infinity",
                                "-Infinity",
                                "9223372036854775808",
                                "1700000000000",
                                "1".repeat(400)));
        Arbitrary<String> texts =
                Arbitraries.oneOf(
                        Arbitraries.strings().ofMaxLength(40),
                        Arbitraries.of(
                                "",
                                " ",
                                "\u0000",
                                "p\u00e9\u4e2d\ud83d\ude00",
                                "MOBILE",
                                "FORCE_BASELINE",
                                "ACTIVE",
                                "*"));
        Arbitrary<String> quoted = texts.map(ParserPropertiesTest::quote);
        Arbitrary<String> nested =
                Arbitraries.of(
                        "{}",
                        "[]",
                        "null",
                        "true",
                        "{\"a\":1}",
                        "[1,2,3]",
                        "{\"x\":" + "[".repeat(50) + "]".repeat(50) + "}",
                        Map.of("f", 1).toString().replace("=", ":"));
        return Arbitraries.oneOf(numbers, quoted, numbers.map(ParserPropertiesTest::quote), nested);
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
