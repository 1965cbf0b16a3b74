package io.banditflow.core.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.banditflow.core.bid.BidGrid;
import io.banditflow.core.drift.DriftAction;
import io.banditflow.core.drift.DriftMetric;
import io.banditflow.core.drift.DriftScope;
import io.banditflow.core.drift.DriftSignal;
import io.banditflow.core.drift.DriftSignalJson;
import io.banditflow.core.policy.BatchExp3;
import io.banditflow.core.policy.BidPolicy;
import io.banditflow.core.policy.DecisionJson;
import io.banditflow.core.policy.DecisionMode;
import io.banditflow.core.policy.DecisionSlot;
import io.banditflow.core.policy.Exp3Parameters;
import io.banditflow.core.reward.RewardNormaliser;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The published JSON Schemas and the code agree: what the writers produce has exactly the schema's
 * properties and all its required ones, and the enums in the schemas are the code's enums.
 */
class SchemaConformanceTest {
    private static final JsonMapper MAPPER = new JsonMapper();

    private static JsonNode schema(String name) throws Exception {
        try (InputStream in = SchemaConformanceTest.class.getResourceAsStream("/schemas/" + name)) {
            return MAPPER.readTree(in);
        }
    }

    private static Set<String> names(Iterator<String> it) {
        Set<String> names = new TreeSet<>();
        it.forEachRemaining(names::add);
        return names;
    }

    private static void assertConforms(String schemaName, String json) throws Exception {
        JsonNode schema = schema(schemaName);
        JsonNode document = MAPPER.readTree(json);
        Set<String> written = names(document.fieldNames());
        Set<String> properties = names(schema.get("properties").fieldNames());
        assertTrue(
                properties.containsAll(written),
                schemaName + ": undocumented fields in " + written);
        for (JsonNode required : schema.get("required")) {
            assertTrue(written.contains(required.asText()), schemaName + " requires " + required);
        }
    }

    @Test
    void shouldWriteEventsAsTheirSchemasSay() throws Exception {
        assertConforms(
                "impression.schema.json",
                EventJson.write(
                        new FeedbackEvent(
                                EventType.IMPRESSION,
                                "i",
                                "p",
                                5,
                                5,
                                0.1,
                                0,
                                0,
                                "d",
                                Device.MOBILE)));
        assertConforms(
                "click.schema.json",
                EventJson.write(
                        new FeedbackEvent(
                                EventType.CLICK, "c", "p", 5, 5, 0, 0.2, 0, "d", Device.TABLET)));
        assertConforms(
                "conversion.schema.json",
                EventJson.write(FeedbackEvent.conversion("v", "p", 9, 5, 3, "d")));
    }

    @Test
    void shouldWriteOutputsAsTheirSchemasSay() throws Exception {
        BidPolicy policy =
                new BidPolicy(
                        "j",
                        new BidGrid(new double[] {0.1, 0.2}),
                        new BatchExp3(2, new Exp3Parameters(1, 0, 0)),
                        new RewardNormaliser(0.05, 0.95, -1, 1, 2, 4),
                        0);
        assertConforms(
                "decision.schema.json",
                DecisionJson.write(
                        policy.decide(
                                DecisionSlot.round("p", 1, 10, 20, 10),
                                policy.newState(),
                                new double[] {1, 0})));
        assertConforms(
                "decision.schema.json",
                DecisionJson.write(
                        policy.decide(
                                DecisionSlot.request("p", "q-1", 1, 10, 20, 12),
                                policy.newState(),
                                new double[] {1, 0})));
        assertConforms(
                "decision-request.schema.json",
                EventJson.write(
                        new DecisionRequest(
                                "q-1",
                                "p",
                                12,
                                "new",
                                Device.MOBILE,
                                new String[] {"depth"},
                                new double[] {0.5})));
        DriftSignal signal =
                new DriftSignal(
                        "j/*/ctr/9",
                        "j",
                        DriftScope.GLOBAL,
                        DriftScope.ALL_PRODUCTS,
                        DriftMetric.CTR,
                        "psi",
                        0.3,
                        0.25,
                        Double.NaN,
                        0,
                        5,
                        5,
                        10,
                        400,
                        100,
                        DriftAction.FALLBACK,
                        9);
        assertConforms("drift-signal.schema.json", DriftSignalJson.write(signal));
        assertTrue(MAPPER.readTree(DriftSignalJson.write(signal)).get("pValue").isNull());
        assertConforms(
                "dead-letter.schema.json",
                OutputJson.write(
                        new DeadLetter(
                                RecordSource.CLICK,
                                "t-0@1",
                                RejectReason.WRONG_TYPE,
                                "cost must be a number",
                                "{}")));
        assertConforms(
                "late-event.schema.json",
                OutputJson.write(
                        new LateEvent(
                                LateReason.AFTER_ROUND_FINAL,
                                FeedbackEvent.click("c", "p", 5, 0.1, null))));
    }

    @Test
    void shouldListTheCodesEnums() throws Exception {
        Set<String> reasons = new TreeSet<>();
        schema("dead-letter.schema.json")
                .get("properties")
                .get("reason")
                .get("enum")
                .forEach(n -> reasons.add(n.asText()));
        Set<String> expected = new TreeSet<>();
        for (RejectReason r : RejectReason.values()) {
            expected.add(r.name());
        }
        assertEquals(expected, reasons);
        Set<String> late = new TreeSet<>();
        schema("late-event.schema.json")
                .get("properties")
                .get("reason")
                .get("enum")
                .forEach(n -> late.add(n.asText()));
        assertEquals(enumNames(LateReason.values()), late);
        JsonNode drift = schema("drift-signal.schema.json").get("properties");
        assertEquals(enumNames(DriftMetric.values()), enumOf(drift, "metric"));
        assertEquals(enumNames(DriftScope.values()), enumOf(drift, "scope"));
        assertEquals(enumNames(DriftAction.values()), enumOf(drift, "action"));
        assertEquals(
                enumNames(ControlAction.values()),
                enumOf(schema("control-command.schema.json").get("properties"), "action"));
        assertEquals(
                enumNames(ProductStatus.values()),
                enumOf(schema("catalog-entry.schema.json").get("properties"), "status"));
        assertEquals(
                enumNames(RecordSource.values()),
                enumOf(schema("dead-letter.schema.json").get("properties"), "source"));
        assertEquals(
                enumNames(DecisionMode.values()),
                enumOf(schema("decision.schema.json").get("properties"), "mode"));
    }

    private static Set<String> enumNames(Enum<?>[] values) {
        Set<String> names = new TreeSet<>();
        for (Enum<?> v : values) {
            names.add(v.name());
        }
        return names;
    }

    private static Set<String> enumOf(JsonNode properties, String field) {
        Set<String> names = new TreeSet<>();
        properties.get(field).get("enum").forEach(n -> names.add(n.asText()));
        return names;
    }
}
