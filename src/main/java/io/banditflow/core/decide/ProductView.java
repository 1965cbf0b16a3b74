package io.banditflow.core.decide;

import io.banditflow.core.event.CatalogEntry;
import io.banditflow.core.event.ControlCommand;
import io.banditflow.core.guard.Guards;

/**
 * What holds for one product at a decision's time: everything {@link DecisionRules} reads. The
 * policy operator gathers it from its state and broadcast inputs "as of" the decision time; the
 * closed-loop simulation from its own market.
 *
 * @param catalog the product's catalog entry in force, or null
 * @param baselineArm the arm of the product's baseline bid (the catalog's base bid, else the job's)
 * @param command the kill-switch command that binds the product, or null
 * @param driftFallback why the product or the market is in drift fallback, or null
 * @param allowed what the guardrails allow
 */
public record ProductView(
        CatalogEntry catalog,
        int baselineArm,
        ControlCommand command,
        String driftFallback,
        Guards.Allowed allowed) {}
