package io.banditflow.core.decide;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.banditflow.core.event.CatalogEntry;
import io.banditflow.core.event.ControlAction;
import io.banditflow.core.event.ControlCommand;
import io.banditflow.core.event.ProductStatus;
import io.banditflow.core.guard.Guardrail;
import io.banditflow.core.guard.Guards;
import io.banditflow.core.policy.DecisionMode;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The precedence of the rules that decide a slot (docs/architecture.md, "What decides a round"):
 * each row's condition holds together with every condition below it, and wins; then what each rule
 * decides.
 */
class DecisionRulesTest {
    private static final int BASELINE_ARM = 5;
    private static final DecisionRules LEARNING = new DecisionRules(true, 0.2);

    /** The conditions in order of precedence; the last row, none of them, is the learner's. */
    enum Row {
        PAUSED(DecisionMode.PAUSED),
        STOPPED(DecisionMode.STOPPED),
        KILLED(DecisionMode.KILLED),
        FALLBACK(DecisionMode.FALLBACK),
        CAPPED(DecisionMode.CAPPED),
        BASELINE(DecisionMode.BASELINE),
        EXPLOITING(DecisionMode.EXPLOITING),
        LEARNED(DecisionMode.LEARNED);

        final DecisionMode mode;

        Row(DecisionMode mode) {
            this.mode = mode;
        }

        /** A view where this row's condition and every one below it hold. */
        Verdict verdictFromHere() {
            boolean paused = ordinal() <= PAUSED.ordinal();
            ControlCommand command =
                    ordinal() <= STOPPED.ordinal()
                            ? command(ControlAction.STOP_BIDDING)
                            : ordinal() <= KILLED.ordinal()
                                    ? command(ControlAction.FORCE_BASELINE)
                                    : null;
            String fallback = ordinal() <= FALLBACK.ordinal() ? "ctr drift" : null;
            boolean capped = ordinal() <= CAPPED.ordinal();
            boolean learns = ordinal() > BASELINE.ordinal();
            boolean exploitOnly = ordinal() <= EXPLOITING.ordinal();
            Guards.Allowed allowed =
                    new Guards.Allowed(
                            1,
                            capped ? 1 : 9,
                            capped
                                    ? EnumSet.of(Guardrail.BID_BOUNDS, Guardrail.PRODUCT_SPEND_CAP)
                                    : EnumSet.of(Guardrail.BID_BOUNDS),
                            capped,
                            exploitOnly);
            return new DecisionRules(learns, 0.2)
                    .verdict(
                            new ProductView(
                                    catalog(paused), BASELINE_ARM, command, fallback, allowed));
        }
    }

    @ParameterizedTest
    @EnumSource(Row.class)
    void shouldLetEachRuleWinOverEveryRuleBelowIt(Row row) {
        assertEquals(row.mode, mode(row.verdictFromHere()));
    }

    @Test
    void shouldDecideWhatEachRuleSays() {
        Guards.Allowed bounded =
                new Guards.Allowed(1, 9, EnumSet.of(Guardrail.BID_BOUNDS), false, false);
        assertEquals(
                new Verdict.NoBid(
                        DecisionMode.PAUSED,
                        "paused in the catalog",
                        EnumSet.noneOf(Guardrail.class)),
                LEARNING.verdict(view(catalog(true), null, null, bounded)));
        ControlCommand stop = command(ControlAction.STOP_BIDDING);
        assertEquals(
                new Verdict.NoBid(
                        DecisionMode.STOPPED, stop.summary(), EnumSet.of(Guardrail.KILL_SWITCH)),
                LEARNING.verdict(view(null, stop, null, bounded)));
        ControlCommand force = command(ControlAction.FORCE_BASELINE);
        assertEquals(
                new Verdict.FixedBid(
                        DecisionMode.KILLED,
                        BASELINE_ARM,
                        force.summary(),
                        EnumSet.of(Guardrail.BID_BOUNDS, Guardrail.KILL_SWITCH)),
                LEARNING.verdict(view(null, force, null, bounded)));
        assertEquals(
                new Verdict.FixedBid(
                        DecisionMode.FALLBACK,
                        BASELINE_ARM,
                        "ctr drift",
                        EnumSet.of(Guardrail.BID_BOUNDS, Guardrail.DRIFT_FALLBACK)),
                LEARNING.verdict(view(null, null, "ctr drift", bounded)));
        assertEquals(
                new Verdict.FixedBid(
                        DecisionMode.CAPPED,
                        1,
                        "daily spend cap reached: the floor bid until the day ends",
                        EnumSet.of(Guardrail.GLOBAL_SPEND_CAP)),
                LEARNING.verdict(
                        view(
                                null,
                                null,
                                null,
                                new Guards.Allowed(
                                        1,
                                        1,
                                        EnumSet.of(Guardrail.GLOBAL_SPEND_CAP),
                                        true,
                                        false))));
        assertEquals(
                new Verdict.FixedBid(
                        DecisionMode.CAPPED,
                        1,
                        "daily spend cap: the rounds under way are forecast to reach it; 35% of"
                                + " products bid this round, the others the floor",
                        EnumSet.of(Guardrail.GLOBAL_SPEND_CAP)),
                LEARNING.verdict(
                        view(
                                null,
                                null,
                                null,
                                new Guards.Allowed(
                                        1,
                                        1,
                                        EnumSet.of(Guardrail.GLOBAL_SPEND_CAP),
                                        true,
                                        false,
                                        0.35))),
                "left out by the spend throttle");
        assertEquals(
                new Verdict.FixedBid(
                        DecisionMode.BASELINE,
                        BASELINE_ARM,
                        "the baseline policy (learner.algorithm: baseline)",
                        EnumSet.noneOf(Guardrail.class)),
                new DecisionRules(false, 1)
                        .verdict(
                                view(
                                        null,
                                        null,
                                        null,
                                        new Guards.Allowed(
                                                0,
                                                13,
                                                EnumSet.of(Guardrail.CPC_ANOMALY),
                                                false,
                                                false))));
        assertEquals(
                new Verdict.BestBid(
                        1,
                        4,
                        "exploration cap: bids other than the best took 20% or more of today's"
                                + " spend",
                        EnumSet.of(Guardrail.CPC_ANOMALY, Guardrail.EXPLORATION_CAP)),
                LEARNING.verdict(
                        view(
                                null,
                                null,
                                null,
                                new Guards.Allowed(
                                        1,
                                        4,
                                        EnumSet.of(
                                                Guardrail.CPC_ANOMALY, Guardrail.EXPLORATION_CAP),
                                        false,
                                        true))));
        assertEquals(
                new Verdict.Learn(1, 9, EnumSet.of(Guardrail.BID_BOUNDS)),
                LEARNING.verdict(view(catalog(false), null, null, bounded)));
    }

    @Test
    void shouldListGuardrailsInTheirDeclaredOrder() {
        Verdict killed =
                LEARNING.verdict(
                        view(
                                null,
                                command(ControlAction.FORCE_BASELINE),
                                null,
                                new Guards.Allowed(
                                        0, 9, EnumSet.of(Guardrail.BID_BOUNDS), false, false)));
        assertEquals(
                List.of(Guardrail.BID_BOUNDS, Guardrail.KILL_SWITCH),
                List.copyOf(killed.guardrails()));
    }

    /** A product going inactive leaves the baseline bid behind, or no bid when it may not bid. */
    @Test
    void shouldMakeTheLastDecisionBeforeInactivityTheBaselineOrNoBid() {
        Guards.Allowed open =
                new Guards.Allowed(0, 9, EnumSet.noneOf(Guardrail.class), false, false);
        Verdict last = LEARNING.lastVerdict(view(catalog(false), null, null, open));
        assertEquals(DecisionMode.INACTIVE, mode(last));
        assertEquals(BASELINE_ARM, ((Verdict.FixedBid) last).arm());
        Verdict exploitOnly =
                LEARNING.lastVerdict(
                        view(
                                null,
                                null,
                                null,
                                new Guards.Allowed(
                                        0, 9, EnumSet.of(Guardrail.EXPLORATION_CAP), false, true)));
        assertEquals(DecisionMode.INACTIVE, mode(exploitOnly), "not the learner's best either");
        assertEquals(
                DecisionMode.PAUSED,
                mode(LEARNING.lastVerdict(view(catalog(true), null, null, open))));
        assertEquals(
                DecisionMode.STOPPED,
                mode(
                        LEARNING.lastVerdict(
                                view(null, command(ControlAction.STOP_BIDDING), null, open))));
    }

    private static DecisionMode mode(Verdict verdict) {
        if (verdict instanceof Verdict.NoBid noBid) {
            return noBid.mode();
        }
        if (verdict instanceof Verdict.FixedBid fixed) {
            return fixed.mode();
        }
        return verdict instanceof Verdict.BestBid ? DecisionMode.EXPLOITING : DecisionMode.LEARNED;
    }

    private static ProductView view(
            CatalogEntry catalog, ControlCommand command, String fallback, Guards.Allowed allowed) {
        return new ProductView(catalog, BASELINE_ARM, command, fallback, allowed);
    }

    private static CatalogEntry catalog(boolean paused) {
        return new CatalogEntry(
                "p", "shoes", "mid", 0.1, paused ? ProductStatus.PAUSED : ProductStatus.ACTIVE, 0);
    }

    private static ControlCommand command(ControlAction action) {
        return new ControlCommand("c1", "p", action, "INC-1", "sre", 0);
    }
}
