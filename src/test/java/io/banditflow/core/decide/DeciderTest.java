package io.banditflow.core.decide;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.bid.BidGrid;
import io.banditflow.core.guard.Guardrail;
import io.banditflow.core.policy.BatchExp3;
import io.banditflow.core.policy.BidPolicy;
import io.banditflow.core.policy.DecisionMode;
import io.banditflow.core.policy.DecisionSlot;
import io.banditflow.core.policy.Exp3Parameters;
import io.banditflow.core.policy.PolicyState;
import io.banditflow.core.policy.RecoveryAction;
import io.banditflow.core.reward.RewardNormaliser;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** A verdict turned into a decision, and drift fallback tracked across decisions. */
class DeciderTest {
    private static final double[] NO_CONTEXT = {};
    private static final DecisionSlot SLOT = DecisionSlot.round("p", 9, 900, 1000, 880);

    private final BidPolicy policy =
            new BidPolicy(
                    "job",
                    new BidGrid(new double[] {0.1, 0.2, 0.3}),
                    new BatchExp3(3, new Exp3Parameters(1.0, 0.0, 0.0)),
                    new RewardNormaliser(0.05, 0.95, -2, 6, 10, 20),
                    3);
    private final Decider decider = new Decider(policy, RecoveryAction.RESET, 0.5);

    private PolicyState learned() {
        PolicyState state = policy.newState();
        state.scores = new double[] {0, Math.log(3), Math.log(6)}; // P = [0.1, 0.3, 0.6]
        return state;
    }

    @Test
    void shouldEnterFallbackOnAFallbackBidAndKeepItThroughOtherFixedBids() {
        PolicyState state = learned();
        Decider.Decided fallback =
                decider.decide(
                        SLOT,
                        state,
                        false,
                        new Verdict.FixedBid(
                                DecisionMode.FALLBACK,
                                1,
                                "drift",
                                EnumSet.of(Guardrail.DRIFT_FALLBACK)),
                        NO_CONTEXT);
        assertTrue(fallback.inFallback());
        assertEquals(0.2, fallback.decision().bid());
        assertEquals(1.0, fallback.decision().propensity());
        Decider.Decided stopped =
                decider.decide(
                        SLOT,
                        state,
                        true,
                        new Verdict.NoBid(
                                DecisionMode.STOPPED, "stop", EnumSet.of(Guardrail.KILL_SWITCH)),
                        NO_CONTEXT);
        assertTrue(stopped.inFallback());
        assertFalse(stopped.recovered());
        assertEquals(-1, stopped.decision().arm());
        assertEquals(0.0, stopped.decision().bid());
    }

    @Test
    void shouldRecoverTheLearnerAtTheFirstLearnedDecisionAfterAFallback() {
        PolicyState state = learned();
        Decider.Decided learned =
                decider.decide(
                        SLOT,
                        state,
                        true,
                        new Verdict.Learn(0, 2, EnumSet.noneOf(Guardrail.class)),
                        NO_CONTEXT);
        assertTrue(learned.recovered());
        assertFalse(learned.inFallback());
        // RESET: back to uniform before deciding
        assertArrayEquals(
                new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0},
                learned.decision().probabilities(),
                1e-12);
        assertEquals(DecisionMode.LEARNED, learned.decision().mode());
    }

    @Test
    void shouldBidTheLearnersBestAllowedArmWhenExploitingOnly() {
        Decider.Decided best =
                decider.decide(
                        SLOT,
                        learned(),
                        false,
                        new Verdict.BestBid(0, 1, "cap", EnumSet.of(Guardrail.EXPLORATION_CAP)),
                        NO_CONTEXT);
        assertEquals(DecisionMode.EXPLOITING, best.decision().mode());
        assertEquals(1, best.decision().arm());
        assertFalse(best.recovered());
    }

    @Test
    void shouldLearnOnlyAmongTheAllowedArms() {
        Decider.Decided learned =
                decider.decide(
                        SLOT,
                        learned(),
                        false,
                        new Verdict.Learn(1, 2, EnumSet.of(Guardrail.BID_BOUNDS)),
                        NO_CONTEXT);
        assertEquals(0.0, learned.decision().probabilities()[0]);
        assertEquals(1, learned.decision().lowestArm());
        assertArrayEquals(new Guardrail[] {Guardrail.BID_BOUNDS}, learned.decision().guardrails());
    }

    @Test
    void shouldTrackFallbackThroughReplayedDecisions() {
        PolicyState state = learned();
        var logged =
                decider.decide(
                                SLOT,
                                state,
                                false,
                                new Verdict.FixedBid(
                                        DecisionMode.FALLBACK,
                                        0,
                                        "drift",
                                        EnumSet.of(Guardrail.DRIFT_FALLBACK)),
                                NO_CONTEXT)
                        .decision();
        assertTrue(decider.replayed(logged, state, false).inFallback());
        var loggedLearned =
                decider.decide(
                                SLOT,
                                learned(),
                                false,
                                new Verdict.Learn(0, 2, EnumSet.noneOf(Guardrail.class)),
                                NO_CONTEXT)
                        .decision();
        Decider.Decided replayed = decider.replayed(loggedLearned, state, true);
        assertFalse(replayed.inFallback());
        assertTrue(replayed.recovered());
        assertArrayEquals(new double[] {0, 0, 0}, state.scores, 1e-12);
    }
}
