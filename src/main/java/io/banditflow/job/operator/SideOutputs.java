package io.banditflow.job.operator;

import io.banditflow.core.drift.MarketEvidence;
import io.banditflow.core.event.DeadLetter;
import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.event.LateEvent;
import io.banditflow.core.policy.Decision;
import io.banditflow.core.reward.RoundOutcome;
import org.apache.flink.util.OutputTag;

/** The side outputs of the topology. */
public final class SideOutputs {
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};
    public static final OutputTag<LateEvent> OUTSIDE_ATTRIBUTION =
            new OutputTag<>("outside-attribution") {};
    public static final OutputTag<FeedbackEvent> AFTER_ROUND_FINAL =
            new OutputTag<>("after-round-final") {};

    /** Request feedback the policy operator could not join: outside its window, or no request. */
    public static final OutputTag<LateEvent> UNJOINED_FEEDBACK =
            new OutputTag<>("unjoined-feedback") {};

    /** A round's outcome as known when the round ends, before its conversions are final. */
    /** The decisions of the shadow policies, never acted on. */
    public static final OutputTag<Decision> SHADOW_DECISIONS =
            new OutputTag<>("shadow-decisions") {};

    /** The pacing level after each round (global spend operator). */
    public static final OutputTag<PacingLevel> PACING = new OutputTag<>("pacing") {};

    /** Each product's judged round's residuals, for the market-wide drift monitor. */
    public static final OutputTag<RoundResiduals> ROUND_RESIDUALS =
            new OutputTag<>("round-residuals") {};

    /** A product's evidence for market-wide alarms, when it changes ({@link MarketEvidence}). */
    public static final OutputTag<MarketEvidence> MARKET_EVIDENCE =
            new OutputTag<>("market-evidence") {};

    /** Each final round with its catalog category, for the value pools. */
    public static final OutputTag<ValueRound> VALUE_ROUNDS = new OutputTag<>("value-rounds") {};

    public static final OutputTag<RoundOutcome> ROUND_END_OUTCOMES =
            new OutputTag<>("round-end-outcomes") {};

    private SideOutputs() {}
}
