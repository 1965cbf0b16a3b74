package io.banditflow.job.operator.policy;

import io.banditflow.core.context.RecentConversions;
import io.banditflow.core.event.CatalogEntry;
import io.banditflow.core.event.ControlCommand;
import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.guard.RoundSpend;
import io.banditflow.core.landscape.PooledValue;
import io.banditflow.core.policy.Decision;
import io.banditflow.core.policy.PlayedRound;
import io.banditflow.core.policy.PolicyState;
import io.banditflow.core.policy.PooledPrior;
import io.banditflow.core.request.PendingRequest;
import io.banditflow.core.reward.RoundOutcome;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * Every state of the policy operator, in one place: the operator and its request ledger register
 * these and no others, and the state tool copies a product's state whole (every keyed state, its
 * timers, the broadcast state) with the same lists. A state added here is carried through a
 * rewritten savepoint; a state registered anywhere else would be lost by one, which the
 * architecture test forbids.
 *
 * <p>The keyed factories return a new descriptor each time: a descriptor holds its serializer once
 * initialised, and operators do not share one. The broadcast descriptors are constants that the
 * topology declares and the operator looks up.
 */
public final class PolicyStateLayout {
    /** The timer service of a keyed (broadcast) process function. */
    public static final String TIMERS = "user-timers";

    /** Each broadcast state's key and value types, by name: a savepoint reader needs them. */
    private static final Map<String, BroadcastTypes<?, ?>> BROADCAST_TYPES = new HashMap<>();

    /** Impressions over all products per round: the traffic shares of the batch updates. */
    public static final MapStateDescriptor<Long, Long> TRAFFIC =
            broadcastState("traffic-by-round", Types.LONG, Types.LONG);

    /** Market-wide drift: effective time → fallback reason, or "" from a recovery on. */
    public static final MapStateDescriptor<Long, String> GLOBAL_DRIFT =
            broadcastState("global-drift", Types.LONG, Types.STRING);

    /** Spend over all products per round, known when the round ended. */
    public static final MapStateDescriptor<Long, Double> GLOBAL_SPEND =
            broadcastState("global-spend-by-round", Types.LONG, Types.DOUBLE);

    /** Kill-switch commands by id; each scope's latest one in force binds it. */
    public static final MapStateDescriptor<String, ControlCommand> COMMANDS =
            broadcastState(
                    "control-commands", Types.STRING, TypeInformation.of(ControlCommand.class));

    /**
     * Rollback: {@link #LOGGED_UNTIL} → the newest decision time among the products' logged
     * decisions (written with them by the state tool); no entry when there are none.
     */
    public static final MapStateDescriptor<String, Long> DECISION_REPLAY =
            broadcastState("decision-replay", Types.STRING, Types.LONG);

    public static final String LOGGED_UNTIL = "logged-until";

    /** Pacing: λ after each round whose spend is known, for the rounds still to be learned. */
    public static final MapStateDescriptor<Long, Double> PACING =
            broadcastState("pacing-by-round", Types.LONG, Types.DOUBLE);

    /**
     * The event-time clock the operator had reached, {@link #CLOCK_WATERMARK} → the latest
     * watermark it had seen, written at every snapshot. A restored job's watermark starts from
     * nothing; this keeps it from taking input that was late before the stop as on time.
     */
    public static final MapStateDescriptor<String, Long> EVENT_CLOCK =
            broadcastState("event-clock", Types.STRING, Types.LONG);

    public static final String CLOCK_WATERMARK = "watermark";

    /** Cold start: each category's pooled priors still in force or to come, in time order. */
    public static final MapStateDescriptor<String, PooledPrior[]> CATEGORY_PRIORS =
            broadcastState(
                    "category-priors", Types.STRING, TypeInformation.of(PooledPrior[].class));

    /**
     * Value pooling: each pool key's parts ({@link PooledValue}, a category's shard) still in force
     * or to come, in time order; every instance merges the parts in force.
     */
    public static final MapStateDescriptor<String, PooledValue[]> VALUE_POOLS =
            broadcastState("value-pools", Types.STRING, TypeInformation.of(PooledValue[].class));

    private PolicyStateLayout() {}

    public static ValueStateDescriptor<PolicyState> learner() {
        return new ValueStateDescriptor<>("learner", TypeInformation.of(PolicyState.class));
    }

    /**
     * The latest batch whose ended rounds the product's learners learned (a learner that learns
     * when ended, {@code EndedBatch}); absent in savepoints before format 9: those batches are
     * learned whole when final.
     */
    public static ValueStateDescriptor<Long> endedBatch() {
        return new ValueStateDescriptor<>("ended-batch", Types.LONG);
    }

    /**
     * The rounds inside the attribution window, by round: clicks at the round's end and each
     * conversion arrived with its time and value ({@code OpenRounds}), for a learner that learns
     * value per click from them; absent in savepoints before format 10.
     */
    public static MapStateDescriptor<Long, double[]> openRounds() {
        return new MapStateDescriptor<>(
                "open-rounds", Types.LONG, PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO);
    }

    public static ValueStateDescriptor<Long> nextRound() {
        return new ValueStateDescriptor<>("next-round", Types.LONG);
    }

    public static ValueStateDescriptor<long[]> activity() {
        return new ValueStateDescriptor<>(
                "activity", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO);
    }

    public static MapStateDescriptor<Long, PlayedRound> played() {
        return new MapStateDescriptor<>(
                "played", Types.LONG, TypeInformation.of(PlayedRound.class));
    }

    public static MapStateDescriptor<Long, RoundOutcome> outcomes() {
        return new MapStateDescriptor<>(
                "outcomes", Types.LONG, TypeInformation.of(RoundOutcome.class));
    }

    public static MapStateDescriptor<Long, String> productDrift() {
        return new MapStateDescriptor<>("product-drift", Types.LONG, Types.STRING);
    }

    /** The product's evidence for market-wide drift alarms: effective time → metrics. */
    public static MapStateDescriptor<Long, Integer> marketEvidence() {
        return new MapStateDescriptor<>("market-evidence", Types.LONG, Types.INT);
    }

    public static ValueStateDescriptor<Boolean> inFallback() {
        return new ValueStateDescriptor<>("in-fallback", Types.BOOLEAN);
    }

    public static ValueStateDescriptor<RecentConversions> recentConversions() {
        return new ValueStateDescriptor<>(
                "recent-conversions", TypeInformation.of(RecentConversions.class));
    }

    public static MapStateDescriptor<Long, CatalogEntry> catalog() {
        return new MapStateDescriptor<>(
                "catalog", Types.LONG, TypeInformation.of(CatalogEntry.class));
    }

    public static MapStateDescriptor<Long, RoundSpend> spendByRound() {
        return new MapStateDescriptor<>(
                "spend-by-round", Types.LONG, TypeInformation.of(RoundSpend.class));
    }

    public static MapStateDescriptor<Long, Boolean> exploringRounds() {
        return new MapStateDescriptor<>("exploring-rounds", Types.LONG, Types.BOOLEAN);
    }

    /**
     * Decisions already on the decision topic that the product has not reached again, by decision
     * id: written by the state tool into a savepoint that is rolled back to, replayed (never
     * re-emitted) when their round or request comes.
     */
    public static MapStateDescriptor<String, Decision> loggedDecisions() {
        return new MapStateDescriptor<>(
                "logged-decisions", Types.STRING, TypeInformation.of(Decision.class));
    }

    /** Each shadow policy's learner, by the shadow's name (job file: shadows). */
    public static MapStateDescriptor<String, PolicyState> shadowLearners() {
        return new MapStateDescriptor<>(
                "shadow-learners", Types.STRING, TypeInformation.of(PolicyState.class));
    }

    public static MapStateDescriptor<String, PendingRequest> openRequests() {
        return new MapStateDescriptor<>(
                "open-requests", Types.STRING, TypeInformation.of(PendingRequest.class));
    }

    public static MapStateDescriptor<String, String> requestSlots() {
        return new MapStateDescriptor<>("request-slots", Types.STRING, Types.STRING);
    }

    public static MapStateDescriptor<Long, Integer> requestsPerRound() {
        return new MapStateDescriptor<>("requests-per-round", Types.LONG, Types.INT);
    }

    public static MapStateDescriptor<String, List<FeedbackEvent>> feedbackAwaitingRequest() {
        return new MapStateDescriptor<>(
                "feedback-awaiting-request",
                Types.STRING,
                Types.LIST(TypeInformation.of(FeedbackEvent.class)));
    }

    public static ValueStateDescriptor<double[]> requestSpendToday() {
        return new ValueStateDescriptor<>(
                "request-spend-today", PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO);
    }

    /** Every keyed state, each a value or a map state. */
    public static List<StateDescriptor<?, ?>> keyed() {
        return List.of(
                learner(),
                nextRound(),
                activity(),
                played(),
                outcomes(),
                productDrift(),
                marketEvidence(),
                inFallback(),
                recentConversions(),
                catalog(),
                spendByRound(),
                exploringRounds(),
                loggedDecisions(),
                shadowLearners(),
                openRequests(),
                requestSlots(),
                requestsPerRound(),
                feedbackAwaitingRequest(),
                requestSpendToday(),
                endedBatch(),
                openRounds());
    }

    /** The key and value types of a broadcast state. */
    public record BroadcastTypes<K, V>(TypeInformation<K> key, TypeInformation<V> value)
            implements Serializable {}

    private static <K, V> MapStateDescriptor<K, V> broadcastState(
            String name, TypeInformation<K> key, TypeInformation<V> value) {
        BROADCAST_TYPES.put(name, new BroadcastTypes<>(key, value));
        return new MapStateDescriptor<>(name, key, value);
    }

    /** The types of a broadcast state of {@link #broadcast()}. */
    @SuppressWarnings("unchecked")
    public static <K, V> BroadcastTypes<K, V> typesOf(MapStateDescriptor<K, V> broadcastState) {
        return (BroadcastTypes<K, V>) BROADCAST_TYPES.get(broadcastState.getName());
    }

    /** Every broadcast state, in the order the topology broadcasts them. */
    public static List<MapStateDescriptor<?, ?>> broadcast() {
        return List.of(
                TRAFFIC,
                GLOBAL_DRIFT,
                COMMANDS,
                GLOBAL_SPEND,
                CATEGORY_PRIORS,
                VALUE_POOLS,
                DECISION_REPLAY,
                PACING,
                EVENT_CLOCK);
    }
}
