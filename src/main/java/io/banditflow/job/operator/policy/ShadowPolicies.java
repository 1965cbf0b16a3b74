package io.banditflow.job.operator.policy;

import io.banditflow.core.decide.EndedBatch;
import io.banditflow.core.decide.FinalBatch;
import io.banditflow.core.guard.PacingHistory;
import io.banditflow.core.landscape.OpenValue;
import io.banditflow.core.landscape.Population;
import io.banditflow.core.policy.BidPolicy;
import io.banditflow.core.policy.Decision;
import io.banditflow.core.policy.DecisionSlot;
import io.banditflow.core.policy.PlayedRound;
import io.banditflow.core.policy.PolicyState;
import io.banditflow.core.round.RoundClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;

/**
 * A product's shadow policies (job file: {@code shadows}): each learns from the job's played rounds
 * with the propensities they were played at and decides every slot beside the job, within the same
 * bid bounds and with the same context; its decisions go to the shadow topic and are never acted
 * on. Their learners live in the product's {@code shadow-learners} state, by shadow name.
 */
final class ShadowPolicies {
    private final Map<String, BidPolicy> policies;
    private final MapState<String, PolicyState> learners;

    ShadowPolicies(Map<String, BidPolicy> policies, MapState<String, PolicyState> learners) {
        this.policies = policies;
        this.learners = learners;
    }

    /** What each shadow would have decided in the slot the job decided, labelled with its name. */
    List<Decision> decide(DecisionSlot slot, Decision decided, int arms) throws Exception {
        List<Decision> shadowDecisions = new ArrayList<>(policies.size());
        for (Map.Entry<String, BidPolicy> shadow : policies.entrySet()) {
            PolicyState state = stateOf(shadow.getKey(), shadow.getValue());
            Decision d =
                    shadow.getValue()
                            .decide(
                                    slot,
                                    state,
                                    decided.context(),
                                    Math.max(0, decided.lowestArm()),
                                    Math.min(arms - 1, decided.highestArm()),
                                    decided.guardrails());
            shadowDecisions.add(d.withVariant(shadow.getKey()));
            if (state.changedByDecision) {
                state.changedByDecision = false;
                learners.put(shadow.getKey(), state);
            }
        }
        return shadowDecisions;
    }

    /** Every shadow learns the batch the job's learner learned, with the same population. */
    void learn(FinalBatch.Learnable batch, Population population, long time, boolean endedLearned)
            throws Exception {
        for (Map.Entry<String, BidPolicy> shadow : policies.entrySet()) {
            PolicyState state = stateOf(shadow.getKey(), shadow.getValue());
            batch.applyTo(shadow.getValue(), state, population, time, endedLearned);
            learners.put(shadow.getKey(), state);
        }
    }

    /** Every shadow that learns when a batch has ended learns the job's ended rounds. */
    void learnEnded(
            EndedBatch batch, RoundClock clock, double[] shares, PacingHistory pacing, long time)
            throws Exception {
        for (Map.Entry<String, BidPolicy> shadow : policies.entrySet()) {
            PolicyState state = stateOf(shadow.getKey(), shadow.getValue());
            if (batch.applyTo(shadow.getValue(), state, clock, shares, pacing, time)) {
                learners.put(shadow.getKey(), state);
            }
        }
    }

    /** Every shadow that learns when a batch is mature learns the job's rounds of it. */
    void learnMature(List<PlayedRound> rounds, Population population, long time) throws Exception {
        for (Map.Entry<String, BidPolicy> shadow : policies.entrySet()) {
            if (!shadow.getValue().learner().learnsWhenMature()) {
                continue;
            }
            PolicyState state = stateOf(shadow.getKey(), shadow.getValue());
            if (shadow.getValue().applyMature(state, rounds, population, time)) {
                learners.put(shadow.getKey(), state);
            }
        }
    }

    /** Every shadow that learns from the rounds inside the attribution window learns them. */
    void learnOpen(OpenValue open, long time) throws Exception {
        for (Map.Entry<String, BidPolicy> shadow : policies.entrySet()) {
            if (!shadow.getValue().learner().learnsOpenValue()) {
                continue;
            }
            PolicyState state = stateOf(shadow.getKey(), shadow.getValue());
            if (shadow.getValue().applyOpen(state, open, time)) {
                learners.put(shadow.getKey(), state);
            }
        }
    }

    /** A shadow's learner, started (or restarted for another learner) if need be. */
    private PolicyState stateOf(String name, BidPolicy shadow) throws Exception {
        PolicyState state = learners.get(name);
        if (state == null) {
            state = shadow.newState();
            learners.put(name, state);
        } else if (shadow.needsStart(state)) {
            shadow.ensureLearner(state);
            learners.put(name, state);
        }
        return state;
    }
}
