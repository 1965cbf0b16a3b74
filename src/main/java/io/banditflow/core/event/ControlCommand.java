package io.banditflow.core.event;

/**
 * A kill-switch command from the control topic ({@code schemas/control-command.schema.json}).
 *
 * @param scope a product id, or {@link #ALL_PRODUCTS}
 * @param eventTime event time from which the command applies: decisions made at or after it obey
 */
public record ControlCommand(
        String commandId,
        String scope,
        ControlAction action,
        String reason,
        String issuedBy,
        long eventTime) {

    public static final String ALL_PRODUCTS = "*";

    public boolean appliesTo(String productId) {
        return scope.equals(ALL_PRODUCTS) || scope.equals(productId);
    }

    /** One line for a decision's reason. */
    public String summary() {
        return "kill switch "
                + action
                + " on "
                + (scope.equals(ALL_PRODUCTS) ? "all products" : scope)
                + " by "
                + issuedBy
                + ": "
                + reason
                + " (command "
                + commandId
                + ")";
    }
}
