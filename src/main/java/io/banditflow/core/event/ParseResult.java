package io.banditflow.core.event;

/**
 * The outcome of validating one raw record: a valid event, control command, catalog entry or
 * decision request, or a rejection with its reason.
 */
public sealed interface ParseResult {

    record Valid(FeedbackEvent event) implements ParseResult {}

    record ValidCommand(ControlCommand command) implements ParseResult {}

    record ValidCatalog(CatalogEntry entry) implements ParseResult {}

    record ValidRequest(DecisionRequest request) implements ParseResult {}

    record Rejected(RejectReason reason, String detail) implements ParseResult {}
}
