package io.banditflow.core.decide;

import io.banditflow.core.guard.Guardrail;
import io.banditflow.core.policy.DecisionMode;
import java.util.Set;

/**
 * What {@link DecisionRules} settle for a slot: a bid that overrides the learner, or the arms the
 * learner may choose among. Guardrail sets are {@code EnumSet}s, so a decision lists them in the
 * order of {@link Guardrail}.
 */
public sealed interface Verdict {
    /** Every guardrail that bound the decision. */
    Set<Guardrail> guardrails();

    /** Not to bid at all (bid 0, no arm): a paused product, the kill switch's STOP_BIDDING. */
    record NoBid(DecisionMode mode, String reason, Set<Guardrail> guardrails) implements Verdict {}

    /** One bid with propensity 1, never learned from: the baseline, or a cap's floor. */
    record FixedBid(DecisionMode mode, int arm, String reason, Set<Guardrail> guardrails)
            implements Verdict {}

    /** The learner's best bid among {@code lowestArm..highestArm}, without exploring. */
    record BestBid(int lowestArm, int highestArm, String reason, Set<Guardrail> guardrails)
            implements Verdict {}

    /** The learner chooses among {@code lowestArm..highestArm}, and learns from the round. */
    record Learn(int lowestArm, int highestArm, Set<Guardrail> guardrails) implements Verdict {}
}
