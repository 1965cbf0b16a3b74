package io.banditflow.core.event;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON of the dead-letter and late outputs ({@code schemas/dead-letter|late-event.schema.json}).
 */
public final class OutputJson {
    private static final JsonMapper MAPPER = new JsonMapper();

    private OutputJson() {}

    public static String write(DeadLetter letter) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("source", letter.source().name());
        node.put("origin", letter.origin());
        node.put("reason", letter.reason().name());
        node.put("detail", letter.detail());
        node.put("payload", letter.payload());
        return node.toString();
    }

    public static String write(LateEvent late) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("reason", late.reason().name());
        node.put("type", late.event().type().name());
        node.put("eventId", late.event().eventId());
        node.put("productId", late.event().productId());
        node.put("eventTime", late.event().eventTime());
        node.put("attributionTime", late.event().attributionTime());
        node.put("event", EventJson.write(late.event()));
        return node.toString();
    }
}
