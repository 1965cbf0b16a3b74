package io.banditflow.core.decide;

import io.banditflow.core.event.ControlAction;
import io.banditflow.core.guard.Guardrail;
import io.banditflow.core.guard.Guards;
import io.banditflow.core.policy.DecisionMode;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which rule decides a product's slot, by precedence (docs/architecture.md, "What decides a round";
 * one test per row in {@code DecisionRulesTest}):
 *
 * <ol>
 *   <li>a catalog pause: no bid ({@code PAUSED});
 *   <li>a kill-switch command in force: no bid ({@code STOPPED}) or the baseline ({@code KILLED});
 *   <li>drift fallback of the product or the market: the baseline ({@code FALLBACK});
 *   <li>a reached daily spend cap, or the global spend throttle ({@link
 *       io.banditflow.core.guard.SpendThrottle}) leaving the product out of this round: the floor
 *       of the bid bounds ({@code CAPPED});
 *   <li>a job without a learner: the baseline ({@code BASELINE});
 *   <li>a reached exploration cap: the learner's best allowed bid ({@code EXPLOITING});
 *   <li>otherwise the learner, within the bid bounds and the CPC guard ({@code LEARNED}).
 * </ol>
 *
 * Pure: the same view gives the same verdict, in the job and in the simulation.
 */
public final class DecisionRules {
    private final boolean learns;
    private final double explorationShare;

    /**
     * @param learns whether the job's policy has a learner ({@code learner.algorithm} other than
     *     baseline)
     * @param explorationShare {@code guardrails.explorationShare}, named in the exploration cap's
     *     reason
     */
    public DecisionRules(boolean learns, double explorationShare) {
        this.learns = learns;
        this.explorationShare = explorationShare;
    }

    public Verdict verdict(ProductView view) {
        Guards.Allowed allowed = view.allowed();
        if (view.catalog() != null && view.catalog().paused()) {
            return new Verdict.NoBid(
                    DecisionMode.PAUSED, "paused in the catalog", EnumSet.noneOf(Guardrail.class));
        }
        if (view.command() != null && view.command().action() == ControlAction.STOP_BIDDING) {
            return new Verdict.NoBid(
                    DecisionMode.STOPPED,
                    view.command().summary(),
                    EnumSet.of(Guardrail.KILL_SWITCH));
        }
        if (view.command() != null) {
            return new Verdict.FixedBid(
                    DecisionMode.KILLED,
                    view.baselineArm(),
                    view.command().summary(),
                    withBounds(allowed, Guardrail.KILL_SWITCH));
        }
        if (view.driftFallback() != null) {
            return new Verdict.FixedBid(
                    DecisionMode.FALLBACK,
                    view.baselineArm(),
                    view.driftFallback(),
                    withBounds(allowed, Guardrail.DRIFT_FALLBACK));
        }
        if (allowed.floorOnly()) {
            return new Verdict.FixedBid(
                    DecisionMode.CAPPED,
                    allowed.lowestArm(),
                    allowed.throttled()
                            ? "daily spend cap: the rounds under way are forecast to reach it; "
                                    + Math.round(100 * allowed.bidShare())
                                    + "% of products bid this round, the others the floor"
                            : "daily spend cap reached: the floor bid until the day ends",
                    copy(allowed.bound()));
        }
        if (!learns) {
            return new Verdict.FixedBid(
                    DecisionMode.BASELINE,
                    view.baselineArm(),
                    "the baseline policy (learner.algorithm: baseline)",
                    bidBounds(allowed));
        }
        if (allowed.exploitOnly()) {
            return new Verdict.BestBid(
                    allowed.lowestArm(),
                    allowed.highestArm(),
                    "exploration cap: bids other than the best took "
                            + Math.round(100 * explorationShare)
                            + "% or more of today's spend",
                    copy(allowed.bound()));
        }
        return new Verdict.Learn(allowed.lowestArm(), allowed.highestArm(), copy(allowed.bound()));
    }

    /**
     * The verdict of a product's last decision before its decisions stop for inactivity: no bid if
     * the rules say so (paused, stopped), else the baseline bid ({@code INACTIVE}) — never the
     * learner's latest, possibly exploratory, bid, which would otherwise stay on the compacted
     * decision topic for as long as the product is quiet.
     */
    public Verdict lastVerdict(ProductView view) {
        Verdict verdict = verdict(view);
        if (verdict instanceof Verdict.NoBid) {
            return verdict;
        }
        return new Verdict.FixedBid(
                DecisionMode.INACTIVE,
                view.baselineArm(),
                "no events for time.inactivityTimeout: the baseline bid until the product is active"
                        + " again",
                bidBounds(view.allowed()));
    }

    /** {@code primary}, and the bid bounds when they bound the product. */
    private static Set<Guardrail> withBounds(Guards.Allowed allowed, Guardrail primary) {
        Set<Guardrail> all = bidBounds(allowed);
        all.add(primary);
        return all;
    }

    private static Set<Guardrail> bidBounds(Guards.Allowed allowed) {
        return allowed.bound().contains(Guardrail.BID_BOUNDS)
                ? EnumSet.of(Guardrail.BID_BOUNDS)
                : EnumSet.noneOf(Guardrail.class);
    }

    private static Set<Guardrail> copy(Set<Guardrail> bound) {
        return bound.isEmpty() ? EnumSet.noneOf(Guardrail.class) : EnumSet.copyOf(bound);
    }
}
