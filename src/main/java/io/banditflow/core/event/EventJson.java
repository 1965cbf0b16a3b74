package io.banditflow.core.event;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes events and decision requests in the published JSON format; the inverse of {@link
 * EventParser}.
 */
public final class EventJson {
    private static final JsonMapper MAPPER = new JsonMapper();

    private EventJson() {}

    public static String write(FeedbackEvent event) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("eventId", event.eventId());
        node.put("productId", event.productId());
        node.put("eventTime", event.eventTime());
        switch (event.type()) {
            case IMPRESSION -> node.put("bid", event.bid());
            case CLICK -> node.put("cost", event.cost());
            case CONVERSION -> {
                node.put("clickTime", event.attributionTime());
                node.put("value", event.value());
            }
        }
        if (event.decisionId() != null) {
            node.put("decisionId", event.decisionId());
        }
        if (event.device() != null) {
            node.put("device", event.device().name());
        }
        return node.toString();
    }

    public static String write(DecisionRequest request) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("requestId", request.requestId());
        node.put("productId", request.productId());
        node.put("eventTime", request.eventTime());
        if (request.segment() != null) {
            node.put("segment", request.segment());
        }
        if (request.device() != null) {
            node.put("device", request.device().name());
        }
        if (request.featureNames().length > 0) {
            ObjectNode features = node.putObject("features");
            for (int i = 0; i < request.featureNames().length; i++) {
                features.put(request.featureNames()[i], request.featureValues()[i]);
            }
        }
        return node.toString();
    }
}
