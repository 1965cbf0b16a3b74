package io.banditflow.core.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.banditflow.core.guard.Guardrail;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** The decision topic's JSON format ({@code schemas/decision.schema.json}), both ways. */
public final class DecisionJson {
    private static final JsonMapper MAPPER = new JsonMapper();
    private static final JsonFactory FACTORY =
            JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

    private DecisionJson() {}

    /**
     * Streams the fields in schema order. A decision is written once per round or request, with
     * some fifty numbers: the tree model's maps and the JDK's double formatting were the largest
     * cost of answering a request, so this writes directly with Jackson's shortest-digits double
     * writer.
     */
    public static String write(Decision d) {
        StringWriter text = new StringWriter(512 + 24 * d.context().length);
        try (JsonGenerator json = FACTORY.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("decisionId", d.decisionId());
            json.writeStringField("job", d.job());
            json.writeStringField("productId", d.productId());
            json.writeNumberField("round", d.round());
            json.writeNumberField("roundStart", d.roundStart());
            json.writeNumberField("roundEnd", d.roundEnd());
            json.writeNumberField("decidedAt", d.decidedAt());
            json.writeNumberField("bid", d.bid());
            json.writeNumberField("arm", d.arm());
            json.writeNumberField("propensity", d.propensity());
            json.writeArrayFieldStart("distribution");
            for (int i = 0; i < d.bids().length; i++) {
                json.writeStartObject();
                json.writeNumberField("bid", d.bids()[i]);
                json.writeNumberField("probability", d.probabilities()[i]);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeStringField("algorithm", d.algorithm());
            json.writeNumberField("policyVersion", d.policyVersion());
            json.writeStringField("propensityMethod", d.propensityMethod().name());
            json.writeNumberField("propensityError", d.propensityError());
            json.writeStringField("mode", d.mode().name());
            json.writeStringField("reason", d.reason());
            json.writeArrayFieldStart("guardrails");
            for (Guardrail g : d.guardrails()) {
                json.writeString(g.name());
            }
            json.writeEndArray();
            json.writeNumberField("lowestArm", d.lowestArm());
            json.writeNumberField("highestArm", d.highestArm());
            json.writeArrayFieldStart("context");
            for (double feature : d.context()) {
                json.writeNumber(feature);
            }
            json.writeEndArray();
            if (d.variant() != null) {
                json.writeStringField("variant", d.variant());
            }
            if (d.requestId() != null) {
                json.writeStringField("requestId", d.requestId());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static Guardrail[] guardrails(JsonNode names) {
        Guardrail[] guardrails = new Guardrail[names.size()];
        for (int i = 0; i < guardrails.length; i++) {
            guardrails[i] = Guardrail.valueOf(names.get(i).textValue());
        }
        return guardrails;
    }

    private static double[] numbers(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).doubleValue();
        }
        return values;
    }

    public static Decision read(String json) {
        try {
            JsonNode n = MAPPER.readTree(json);
            JsonNode distribution = n.get("distribution");
            double[] bids = new double[distribution.size()];
            double[] probabilities = new double[distribution.size()];
            for (int i = 0; i < bids.length; i++) {
                bids[i] = distribution.get(i).get("bid").doubleValue();
                probabilities[i] = distribution.get(i).get("probability").doubleValue();
            }
            return new Decision(
                    n.get("decisionId").textValue(),
                    n.get("job").textValue(),
                    n.get("productId").textValue(),
                    n.get("round").longValue(),
                    n.get("roundStart").longValue(),
                    n.get("roundEnd").longValue(),
                    n.get("decidedAt").longValue(),
                    n.get("bid").doubleValue(),
                    n.get("arm").intValue(),
                    n.get("propensity").doubleValue(),
                    bids,
                    probabilities,
                    n.get("algorithm").textValue(),
                    n.get("policyVersion").longValue(),
                    PropensityMethod.valueOf(n.get("propensityMethod").textValue()),
                    n.get("propensityError").doubleValue(),
                    DecisionMode.valueOf(n.get("mode").textValue()),
                    n.get("reason").textValue(),
                    guardrails(n.get("guardrails")),
                    n.get("lowestArm").intValue(),
                    n.get("highestArm").intValue(),
                    numbers(n.get("context")),
                    n.hasNonNull("requestId") ? n.get("requestId").textValue() : null,
                    n.hasNonNull("variant") ? n.get("variant").textValue() : null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
