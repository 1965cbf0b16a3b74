package io.banditflow.core.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.banditflow.core.bid.BidGrid;
import io.banditflow.core.guard.Guardrail;
import io.banditflow.core.reward.RewardNormaliser;
import io.banditflow.core.reward.RoundOutcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class BidPolicyTest {
    private static final double[] NO_CONTEXT = {};
    private static final DecisionSlot SLOT = DecisionSlot.round("p", 9, 900, 1000, 880);

    private final BidPolicy policy =
            new BidPolicy(
                    "job",
                    new BidGrid(new double[] {0.1, 0.2}),
                    new BatchExp3(2, new Exp3Parameters(1.0, 0.0, 0.0)),
                    new RewardNormaliser(0.05, 0.95, -2, 6, 10, 20),
                    3);

    @Test
    void shouldNormaliseByTrafficShareAndConfiguredRangeThenUpdate() {
        PolicyState state = policy.newState();
        List<PlayedRound> played =
                List.of(new PlayedRound(4, 0, 0.1, 0.5, "a"), new PlayedRound(5, 1, 0.2, 0.5, "b"));
        // Round 4: profit 3 - 1 = 2 at share 0.5 -> 4 -> X = (4 + 2) / 8 = 0.75.
        // Round 5: profit 0 - 1 = -1 at share 1 -> -1 -> X = (-1 + 2) / 8 = 0.125.
        List<RoundOutcome> outcomes =
                List.of(
                        new RoundOutcome("p", 4, 10, 2, 1.0, 1, 3.0),
                        new RoundOutcome("p", 5, 10, 1, 1.0, 0, 0));
        double[] rewards = policy.applyBatch(state, played, outcomes, new double[] {0.5, 1.0}, 77);
        assertArrayEquals(new double[] {0.75, 0.125}, rewards, 1e-12);
        // S_0 = (1 - 0.25 / 0.5) + 1 = 1.5;  S_1 = 1 + (1 - 0.875 / 0.5) = 0.25.
        assertArrayEquals(new double[] {1.5, 0.25}, state.scores, 1e-12);
        assertEquals(1, state.policyVersion);
        assertEquals(2, state.roundsLearned);
        assertEquals(77, state.lastUpdateTime);
    }

    @Test
    void shouldDecideWithStableIdAndLoggedPropensity() {
        PolicyState state = policy.newState();
        state.scores = new double[] {0, Math.log(3)}; // P = [0.25, 0.75]
        Decision decision = policy.decide(SLOT, state, NO_CONTEXT);
        assertEquals("job/p/9", decision.decisionId());
        assertEquals(decision.probabilities()[decision.arm()], decision.propensity(), 0);
        assertArrayEquals(new double[] {0.25, 0.75}, decision.probabilities(), 1e-12);
        String json = DecisionJson.write(decision);
        assertEquals(json, DecisionJson.write(DecisionJson.read(json)));
        assertEquals(decision.arm(), policy.decide(SLOT, state, NO_CONTEXT).arm());
    }

    @Test
    void shouldRenormaliseOverTheAllowedArmsAndLearnOnlyForThem() {
        BidPolicy three =
                new BidPolicy(
                        "job",
                        new BidGrid(new double[] {0.1, 0.2, 0.4}),
                        new BatchExp3(3, new Exp3Parameters(1.0, 0.0, 0.0)),
                        new RewardNormaliser(0.05, 0.95, -2, 6, 10, 20),
                        3);
        PolicyState state = three.newState();
        state.scores = new double[] {0, Math.log(3), Math.log(4)}; // P = [1/8, 3/8, 4/8]
        Decision d =
                three.decide(
                        SLOT, state, NO_CONTEXT, 0, 1, new Guardrail[] {Guardrail.CPC_ANOMALY});
        assertArrayEquals(new double[] {0.25, 0.75, 0}, d.probabilities(), 1e-12);
        assertEquals(d.probabilities()[d.arm()], d.propensity(), 0);
        assertEquals(1, three.played(d).highestArm());
        String json = DecisionJson.write(d);
        assertEquals(json, DecisionJson.write(DecisionJson.read(json)));

        // arm 1 played with propensity 0.75, reward 0.25: arms 0 and 1 updated, arm 2 untouched
        three.learner()
                .update(
                        state,
                        List.of(new PlayedRound(9, 1, 0.2, 0.75, "d", 0, 1)),
                        new double[] {0.25});
        assertArrayEquals(
                new double[] {1, Math.log(3) + 1 - 0.75 / 0.75, Math.log(4)}, state.scores, 1e-12);
    }

    @Test
    void shouldKeepDecayOrResetTheLearnerOnRecovery() {
        BidGrid grid = new BidGrid(new double[] {0.1, 0.2});
        BidPolicy prior =
                new BidPolicy(
                        "job",
                        grid,
                        new BatchExp3(
                                2,
                                new Exp3Parameters(1.0, 0.0, 0.0),
                                new BidPrior(0.1, 1).initialScores(grid, 1.0)),
                        new RewardNormaliser(0.05, 0.95, -2, 6, 10, 20),
                        3);
        double[] start = prior.newState().scores; // {0, -ln 2}
        PolicyState state = prior.newState();
        state.scores = new double[] {4, 10};
        state.profitHistory.add(3.0);
        prior.recover(state, RecoveryAction.KEEP, 0.5);
        assertArrayEquals(new double[] {4, 10}, state.scores, 0);
        prior.recover(state, RecoveryAction.DECAY, 0.25);
        assertArrayEquals(
                new double[] {0.25 * 4 + 0.75 * start[0], 0.25 * 10 + 0.75 * start[1]},
                state.scores,
                1e-12);
        prior.recover(state, RecoveryAction.RESET, 0.5);
        assertArrayEquals(start, state.scores, 0);
        assertEquals(0, state.profitHistory.size);
    }
}
