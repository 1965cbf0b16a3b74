package io.banditflow.core.policy;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.NumberOutput;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.banditflow.core.guard.Guardrail;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The decision topic's JSON format ({@code schemas/decision.schema.json}), both ways. */
public final class DecisionJson {
    private static final JsonMapper MAPPER = new JsonMapper();
    private static final JsonFactory FACTORY =
            JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

    private static final SerializedString DECISION_ID = new SerializedString("decisionId");
    private static final SerializedString JOB = new SerializedString("job");
    private static final SerializedString PRODUCT_ID = new SerializedString("productId");
    private static final SerializedString ROUND = new SerializedString("round");
    private static final SerializedString ROUND_START = new SerializedString("roundStart");
    private static final SerializedString ROUND_END = new SerializedString("roundEnd");
    private static final SerializedString DECIDED_AT = new SerializedString("decidedAt");
    private static final SerializedString BID = new SerializedString("bid");
    private static final SerializedString ARM = new SerializedString("arm");
    private static final SerializedString PROPENSITY = new SerializedString("propensity");
    private static final SerializedString DISTRIBUTION = new SerializedString("distribution");
    private static final SerializedString PROBABILITY = new SerializedString("probability");
    private static final SerializedString ALGORITHM = new SerializedString("algorithm");
    private static final SerializedString POLICY_VERSION = new SerializedString("policyVersion");
    private static final SerializedString PROPENSITY_METHOD =
            new SerializedString("propensityMethod");
    private static final SerializedString PROPENSITY_ERROR =
            new SerializedString("propensityError");
    private static final SerializedString MODE = new SerializedString("mode");
    private static final SerializedString REASON = new SerializedString("reason");
    private static final SerializedString GUARDRAILS = new SerializedString("guardrails");
    private static final SerializedString LOWEST_ARM = new SerializedString("lowestArm");
    private static final SerializedString HIGHEST_ARM = new SerializedString("highestArm");
    private static final SerializedString CONTEXT = new SerializedString("context");
    private static final SerializedString VARIANT = new SerializedString("variant");
    private static final SerializedString REQUEST_ID = new SerializedString("requestId");

    private DecisionJson() {}

    /**
     * The decision as UTF-8 JSON, the fields in schema order: what the decision sink hands to
     * Kafka. A decision is written once per round or request, with some fifty numbers, and this was
     * the largest cost of the policy task (docs/benchmarks.md), so it streams bytes with Jackson's
     * shortest-digits double writer, field names encoded once, and the bid grid's numbers formatted
     * once per grid rather than in every decision.
     */
    public static byte[] utf8(Decision d) {
        ByteArrayBuilder bytes = new ByteArrayBuilder(1024 + 24 * d.context().length);
        try (JsonGenerator json = FACTORY.createGenerator(bytes, JsonEncoding.UTF8)) {
            json.writeStartObject();
            writeSlot(json, d);
            writeChoice(json, d);
            writeProvenance(json, d);
            writeContext(json, d);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The slot: which decision, for which product and round, made when. */
    private static void writeSlot(JsonGenerator json, Decision d) throws IOException {
        json.writeFieldName(DECISION_ID);
        json.writeString(d.decisionId());
        json.writeFieldName(JOB);
        json.writeString(d.job());
        json.writeFieldName(PRODUCT_ID);
        json.writeString(d.productId());
        json.writeFieldName(ROUND);
        json.writeNumber(d.round());
        json.writeFieldName(ROUND_START);
        json.writeNumber(d.roundStart());
        json.writeFieldName(ROUND_END);
        json.writeNumber(d.roundEnd());
        json.writeFieldName(DECIDED_AT);
        json.writeNumber(d.decidedAt());
    }

    /** The choice: the bid, its arm, its propensity and the whole distribution. */
    private static void writeChoice(JsonGenerator json, Decision d) throws IOException {
        json.writeFieldName(BID);
        json.writeNumber(d.bid());
        json.writeFieldName(ARM);
        json.writeNumber(d.arm());
        json.writeFieldName(PROPENSITY);
        json.writeNumber(d.propensity());
        json.writeFieldName(DISTRIBUTION);
        json.writeStartArray();
        String[] bids = GridText.of(d.bids());
        for (int i = 0; i < bids.length; i++) {
            json.writeStartObject();
            json.writeFieldName(BID);
            json.writeNumber(bids[i]);
            json.writeFieldName(PROBABILITY);
            json.writeNumber(d.probabilities()[i]);
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /** Where the choice came from: the learner, its version, the mode, the guardrails and range. */
    private static void writeProvenance(JsonGenerator json, Decision d) throws IOException {
        json.writeFieldName(ALGORITHM);
        json.writeString(d.algorithm());
        json.writeFieldName(POLICY_VERSION);
        json.writeNumber(d.policyVersion());
        json.writeFieldName(PROPENSITY_METHOD);
        json.writeString(d.propensityMethod().name());
        json.writeFieldName(PROPENSITY_ERROR);
        json.writeNumber(d.propensityError());
        json.writeFieldName(MODE);
        json.writeString(d.mode().name());
        json.writeFieldName(REASON);
        json.writeString(d.reason());
        json.writeFieldName(GUARDRAILS);
        json.writeStartArray();
        for (Guardrail g : d.guardrails()) {
            json.writeString(g.name());
        }
        json.writeEndArray();
        json.writeFieldName(LOWEST_ARM);
        json.writeNumber(d.lowestArm());
        json.writeFieldName(HIGHEST_ARM);
        json.writeNumber(d.highestArm());
    }

    /** What the learner saw, and the experiment variant and request it answers, when there are. */
    private static void writeContext(JsonGenerator json, Decision d) throws IOException {
        json.writeFieldName(CONTEXT);
        json.writeStartArray();
        for (double feature : d.context()) {
            json.writeNumber(feature);
        }
        json.writeEndArray();
        if (d.variant() != null) {
            json.writeFieldName(VARIANT);
            json.writeString(d.variant());
        }
        if (d.requestId() != null) {
            json.writeFieldName(REQUEST_ID);
            json.writeString(d.requestId());
        }
    }

    public static String write(Decision d) {
        return new String(utf8(d), StandardCharsets.UTF_8);
    }

    /**
     * A bid grid's numbers as the double writer formats them, for the last grid written: every
     * decision of a job carries the same grid, so its fourteen numbers need formatting once, not in
     * every decision. Immutable and swapped whole, so threads may share it.
     */
    private record GridText(double[] bids, String[] text) {
        private static volatile GridText last = new GridText(new double[0], new String[0]);

        static String[] of(double[] bids) {
            GridText cached = last;
            if (Arrays.equals(cached.bids, bids)) {
                return cached.text;
            }
            String[] text = new String[bids.length];
            for (int i = 0; i < bids.length; i++) {
                text[i] = NumberOutput.toString(bids[i], true);
            }
            last = new GridText(bids.clone(), text);
            return text;
        }
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
