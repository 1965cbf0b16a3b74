package io.banditflow.core.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.banditflow.core.guard.Guardrail;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The decision topic's JSON format ({@code schemas/decision.schema.json}), both ways. */
public final class DecisionJson {
    private static final JsonMapper MAPPER = new JsonMapper();

    private DecisionJson() {}

    public static String write(Decision d) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("decisionId", d.decisionId());
        node.put("job", d.job());
        node.put("productId", d.productId());
        node.put("round", d.round());
        node.put("roundStart", d.roundStart());
        node.put("roundEnd", d.roundEnd());
        node.put("decidedAt", d.decidedAt());
        node.put("bid", d.bid());
        node.put("arm", d.arm());
        node.put("propensity", d.propensity());
        ArrayNode distribution = node.putArray("distribution");
        for (int i = 0; i < d.bids().length; i++) {
            distribution
                    .addObject()
                    .put("bid", d.bids()[i])
                    .put("probability", d.probabilities()[i]);
        }
        node.put("algorithm", d.algorithm());
        node.put("policyVersion", d.policyVersion());
        node.put("propensityMethod", d.propensityMethod().name());
        node.put("propensityError", d.propensityError());
        node.put("mode", d.mode().name());
        node.put("reason", d.reason());
        ArrayNode guardrails = node.putArray("guardrails");
        for (Guardrail g : d.guardrails()) {
            guardrails.add(g.name());
        }
        node.put("lowestArm", d.lowestArm());
        node.put("highestArm", d.highestArm());
        ArrayNode context = node.putArray("context");
        for (double feature : d.context()) {
            context.add(feature);
        }
        if (d.requestId() != null) {
            node.put("requestId", d.requestId());
        }
        return node.toString();
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
                    n.hasNonNull("requestId") ? n.get("requestId").textValue() : null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
