package io.banditflow.ops;

import io.banditflow.core.policy.Decision;
import io.banditflow.core.policy.PolicyState;
import io.banditflow.job.operator.policy.PolicyStateLayout;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.state.api.SavepointWriterOperatorFactory;
import org.apache.flink.state.api.output.SnapshotUtils;
import org.apache.flink.state.api.output.TaggedOperatorSubtaskState;
import org.apache.flink.state.api.runtime.VoidTriggerable;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.SimpleOperatorFactory;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Writes the policy operator's state into a savepoint: each product's keyed state and timers from
 * its records, and the broadcast state on every subtask. The State Processor API's own bootstrap
 * functions write either keyed or broadcast state for an operator, and the policy operator has
 * both, so this operator does what its keyed bootstrap operator does (write, then snapshot at the
 * end of input) and writes the broadcast state as well.
 */
final class PolicyStateWriter extends AbstractStreamOperator<TaggedOperatorSubtaskState>
        implements OneInputStreamOperator<ProductRecord, TaggedOperatorSubtaskState>,
                BoundedOneInput {
    private static final long serialVersionUID = 1L;

    /** Savepoints written by the State Processor API carry this checkpoint id. */
    private static final long CHECKPOINT_ID = 0L;

    private final long timestamp;
    private final Path savepointPath;

    /** Broadcast state name → its entries, key and value encoded with the state's serializers. */
    private final Map<String, List<byte[][]>> broadcast;

    /** The newest time of a logged decision written, or null when none is. */
    private final Long loggedUntil;

    private transient ProductStateCodec codec;
    private transient ValueState<PolicyState> learner;
    private transient MapState<String, Decision> logged;
    private transient InternalTimerService<VoidNamespace> timers;

    private PolicyStateWriter(
            long timestamp,
            Path savepointPath,
            Map<String, List<byte[][]>> broadcast,
            Long loggedUntil) {
        this.timestamp = timestamp;
        this.savepointPath = savepointPath;
        this.broadcast = broadcast;
        this.loggedUntil = loggedUntil;
    }

    static SavepointWriterOperatorFactory factory(
            Map<String, List<byte[][]>> broadcast, Long loggedUntil) {
        return (timestamp, path) ->
                SimpleOperatorFactory.of(
                        new PolicyStateWriter(timestamp, path, broadcast, loggedUntil));
    }

    @Override
    public void open() throws Exception {
        super.open();
        codec =
                new ProductStateCodec(
                        new ProductStateCodec.StateAccess() {
                            @Override
                            public <T> ValueState<T> value(ValueStateDescriptor<T> descriptor)
                                    throws Exception {
                                return getPartitionedState(descriptor);
                            }

                            @Override
                            public <K, V> MapState<K, V> map(MapStateDescriptor<K, V> descriptor)
                                    throws Exception {
                                return getPartitionedState(descriptor);
                            }
                        });
        learner = getPartitionedState(PolicyStateLayout.learner());
        logged = getPartitionedState(PolicyStateLayout.loggedDecisions());
        timers =
                getInternalTimerService(
                        PolicyStateLayout.TIMERS,
                        VoidNamespaceSerializer.INSTANCE,
                        VoidTriggerable.instance());
    }

    @Override
    public void processElement(StreamRecord<ProductRecord> element) throws Exception {
        ProductRecord record = element.getValue();
        if (record.snapshot() != null) {
            codec.decode(
                    record.snapshot(),
                    time -> timers.registerEventTimeTimer(VoidNamespace.INSTANCE, time));
        }
        if (record.learner() != null) {
            learner.update(record.learner());
        }
        if (record.logged() != null) {
            logged.put(record.logged().decisionId(), record.logged());
        }
    }

    @Override
    public void endInput() throws Exception {
        for (MapStateDescriptor<?, ?> descriptor : PolicyStateLayout.broadcast()) {
            write(descriptor);
        }
        if (loggedUntil != null) {
            BroadcastState<String, Long> replay =
                    getOperatorStateBackend().getBroadcastState(PolicyStateLayout.DECISION_REPLAY);
            Long before = replay.get(PolicyStateLayout.LOGGED_UNTIL);
            replay.put(
                    PolicyStateLayout.LOGGED_UNTIL,
                    before == null ? loggedUntil : Math.max(before, loggedUntil));
        }
        output.collect(
                new StreamRecord<>(
                        SnapshotUtils.snapshot(
                                CHECKPOINT_ID,
                                this,
                                getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                                timestamp,
                                CheckpointingMode.EXACTLY_ONCE,
                                false,
                                getContainingTask().getConfiguration().getConfiguration(),
                                savepointPath)));
    }

    private <K, V> void write(MapStateDescriptor<K, V> descriptor) throws Exception {
        BroadcastState<K, V> state = getOperatorStateBackend().getBroadcastState(descriptor);
        TypeSerializer<K> keys = descriptor.getKeySerializer();
        TypeSerializer<V> values = descriptor.getValueSerializer();
        for (byte[][] entry : broadcast.getOrDefault(descriptor.getName(), List.of())) {
            state.put(
                    ProductStateCodec.deserialize(keys, entry[0]),
                    ProductStateCodec.deserialize(values, entry[1]));
        }
    }
}
