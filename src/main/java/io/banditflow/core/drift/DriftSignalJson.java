package io.banditflow.core.drift;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The signals topic's JSON format ({@code schemas/drift-signal.schema.json}). */
public final class DriftSignalJson {
    private static final JsonMapper MAPPER = new JsonMapper();

    private DriftSignalJson() {}

    public static String write(DriftSignal s) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("signalId", s.signalId());
        node.put("job", s.job());
        node.put("scope", s.scope().name());
        node.put("productId", s.productId());
        node.put("metric", s.metric().name());
        node.put("statistic", s.statistic());
        node.put("value", s.value());
        node.put("threshold", s.threshold());
        if (Double.isNaN(s.pValue())) {
            node.putNull("pValue");
        } else {
            node.put("pValue", s.pValue());
        }
        ObjectNode reference = node.putObject("referenceWindow");
        reference.put("start", s.referenceStart());
        reference.put("end", s.referenceEnd());
        reference.put("samples", s.referenceSize());
        ObjectNode current = node.putObject("currentWindow");
        current.put("start", s.currentStart());
        current.put("end", s.currentEnd());
        current.put("samples", s.currentSize());
        node.put("action", s.action().name());
        node.put("effectiveTime", s.effectiveTime());
        return node.toString();
    }
}
