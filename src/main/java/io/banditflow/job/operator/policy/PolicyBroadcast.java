package io.banditflow.job.operator.policy;

import io.banditflow.core.drift.DriftSignal;
import io.banditflow.core.event.ControlCommand;
import io.banditflow.core.guard.RoundSpend;
import io.banditflow.core.landscape.PooledValue;
import io.banditflow.core.policy.PooledPrior;
import io.banditflow.job.operator.PacingLevel;
import io.banditflow.job.operator.TrafficTotal;
import io.banditflow.job.serde.UnionTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * What every policy instance must see, one of: a round's global traffic total, spend over all
 * products in a round, a market-wide drift signal, a kill-switch command, a category's pooled
 * prior, the pacing level, a part of the value pools. All share the one broadcast input, written
 * with {@link #TYPE}; {@link BroadcastInputs} handles them in one switch over {@link #kind()}.
 */
public sealed interface PolicyBroadcast {
    /** The kinds of broadcast, in the order of their variants on the wire. */
    enum Kind {
        TRAFFIC,
        GLOBAL_SPEND,
        GLOBAL_DRIFT,
        COMMAND,
        CATEGORY_PRIOR,
        PACING,
        VALUE_POOL
    }

    TypeInformation<PolicyBroadcast> TYPE =
            UnionTypeInfo.of(
                    PolicyBroadcast.class,
                    Traffic.class,
                    GlobalSpend.class,
                    GlobalDrift.class,
                    Command.class,
                    CategoryPrior.class,
                    Pacing.class,
                    ValuePool.class);

    Kind kind();

    record Traffic(TrafficTotal total) implements PolicyBroadcast {
        public Kind kind() {
            return Kind.TRAFFIC;
        }
    }

    record GlobalSpend(RoundSpend spend) implements PolicyBroadcast {
        public Kind kind() {
            return Kind.GLOBAL_SPEND;
        }
    }

    record GlobalDrift(DriftSignal signal) implements PolicyBroadcast {
        public Kind kind() {
            return Kind.GLOBAL_DRIFT;
        }
    }

    record Command(ControlCommand command) implements PolicyBroadcast {
        public Kind kind() {
            return Kind.COMMAND;
        }
    }

    record CategoryPrior(PooledPrior prior) implements PolicyBroadcast {
        public Kind kind() {
            return Kind.CATEGORY_PRIOR;
        }
    }

    record Pacing(PacingLevel level) implements PolicyBroadcast {
        public Kind kind() {
            return Kind.PACING;
        }
    }

    record ValuePool(PooledValue part) implements PolicyBroadcast {
        public Kind kind() {
            return Kind.VALUE_POOL;
        }
    }

    static PolicyBroadcast of(TrafficTotal traffic) {
        return new Traffic(traffic);
    }

    static PolicyBroadcast of(RoundSpend spend) {
        return new GlobalSpend(spend);
    }

    static PolicyBroadcast of(DriftSignal globalDrift) {
        return new GlobalDrift(globalDrift);
    }

    static PolicyBroadcast of(ControlCommand command) {
        return new Command(command);
    }

    static PolicyBroadcast of(PooledPrior categoryPrior) {
        return new CategoryPrior(categoryPrior);
    }

    static PolicyBroadcast of(PooledValue valuePoolPart) {
        return new ValuePool(valuePoolPart);
    }

    static PolicyBroadcast of(PacingLevel pacing) {
        return new Pacing(pacing);
    }
}
