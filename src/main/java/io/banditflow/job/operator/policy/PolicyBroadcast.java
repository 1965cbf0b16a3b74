package io.banditflow.job.operator.policy;

import io.banditflow.core.drift.DriftSignal;
import io.banditflow.core.event.ControlCommand;
import io.banditflow.core.guard.RoundSpend;
import io.banditflow.core.policy.PooledPrior;
import io.banditflow.job.operator.PacingLevel;
import io.banditflow.job.operator.TrafficTotal;

/**
 * What every policy instance must see: global traffic totals, spend over all products per round,
 * market-wide drift signals, kill-switch commands, the categories' pooled priors and the pacing
 * level. A POJO with one field set, so all share the one broadcast input and Flink's POJO
 * serializer.
 */
public class PolicyBroadcast {
    public TrafficTotal traffic;
    public DriftSignal globalDrift;
    public ControlCommand command;
    public RoundSpend spend;
    public PooledPrior categoryPrior;
    public PacingLevel pacing;

    public static PolicyBroadcast of(PacingLevel pacing) {
        PolicyBroadcast b = new PolicyBroadcast();
        b.pacing = pacing;
        return b;
    }

    public static PolicyBroadcast of(PooledPrior categoryPrior) {
        PolicyBroadcast b = new PolicyBroadcast();
        b.categoryPrior = categoryPrior;
        return b;
    }

    public static PolicyBroadcast of(RoundSpend spend) {
        PolicyBroadcast b = new PolicyBroadcast();
        b.spend = spend;
        return b;
    }

    public static PolicyBroadcast of(ControlCommand command) {
        PolicyBroadcast b = new PolicyBroadcast();
        b.command = command;
        return b;
    }

    public static PolicyBroadcast of(TrafficTotal traffic) {
        PolicyBroadcast b = new PolicyBroadcast();
        b.traffic = traffic;
        return b;
    }

    public static PolicyBroadcast of(DriftSignal globalDrift) {
        PolicyBroadcast b = new PolicyBroadcast();
        b.globalDrift = globalDrift;
        return b;
    }
}
