package io.banditflow.job.operator;

import io.banditflow.core.drift.DriftSignal;

/**
 * What every policy instance must see: global traffic totals and market-wide drift signals. A POJO
 * with one field set, so both share the one broadcast input and Flink's POJO serializer.
 */
public class PolicyBroadcast {
    public TrafficTotal traffic;
    public DriftSignal globalDrift;

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
