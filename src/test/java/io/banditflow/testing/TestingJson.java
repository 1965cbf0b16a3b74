package io.banditflow.testing;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Valid JSON records of the job's control plane, written by the mapper (not by string formatting,
 * so a product id with a quote is still one string). Malformed input for the dead-letter tests is
 * written by hand where the test needs exactly those bytes.
 */
public final class TestingJson {
    private static final JsonMapper JSON = new JsonMapper();

    private TestingJson() {}

    /** A kill-switch command (control-command.schema.json), issued by "sre" for "test". */
    public static String command(String commandId, String scope, String action, long eventTime) {
        return JSON.createObjectNode()
                .put("commandId", commandId)
                .put("scope", scope)
                .put("action", action)
                .put("reason", "test")
                .put("issuedBy", "sre")
                .put("eventTime", eventTime)
                .toString();
    }

    /** A catalog entry (catalog-entry.schema.json) with a status and no other attribute. */
    public static String catalogEntry(String productId, String status, long eventTime) {
        return catalogNode(productId, status, eventTime).toString();
    }

    /** A catalog entry with its category. */
    public static String catalogEntry(
            String productId, String status, String category, long eventTime) {
        return catalogNode(productId, status, eventTime).put("category", category).toString();
    }

    /** A catalog entry with its own baseline bid. */
    public static String catalogEntry(
            String productId, String status, double baseBid, long eventTime) {
        return catalogNode(productId, status, eventTime).put("baseBid", baseBid).toString();
    }

    private static ObjectNode catalogNode(String productId, String status, long eventTime) {
        return JSON.createObjectNode()
                .put("productId", productId)
                .put("status", status)
                .put("eventTime", eventTime);
    }
}
