package io.banditflow.ops;

import io.banditflow.job.operator.policy.PolicyStateLayout;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * One product's keyed state in the policy operator, every state of {@link PolicyStateLayout} and
 * the product's event-time timers, as one byte array: each state written with its own serializer,
 * in layout order. A state tool reads a product with it from one savepoint and writes it whole into
 * another.
 */
final class ProductStateCodec {
    /** Opens the product's states where they are stored (a reader's or a writer's backend). */
    interface StateAccess {
        <T> ValueState<T> value(ValueStateDescriptor<T> descriptor) throws Exception;

        <K, V> MapState<K, V> map(MapStateDescriptor<K, V> descriptor) throws Exception;
    }

    private final List<StoredState> states = new ArrayList<>();

    /** The layout's states, opened through {@code access}; their serializers are then set. */
    ProductStateCodec(StateAccess access) throws Exception {
        for (StateDescriptor<?, ?> descriptor : PolicyStateLayout.keyed()) {
            if (descriptor instanceof ValueStateDescriptor<?> value) {
                states.add(valueState(value, access));
            } else if (descriptor instanceof MapStateDescriptor<?, ?> map) {
                states.add(mapState(map, access));
            } else {
                throw new IllegalStateException("neither value nor map state: " + descriptor);
            }
        }
    }

    /** The current product's state and timers, leaving out the states named in {@code omitted}. */
    byte[] encode(Collection<Long> timers, Collection<String> omitted) throws Exception {
        return encode(timers, omitted, new int[states.size()]);
    }

    /** The names of the states, in the order of {@link #encode}'s sizes. */
    List<String> names() {
        return states.stream().map(StoredState::name).toList();
    }

    /**
     * The current product's state and timers, with the bytes each state it holds takes in {@code
     * sizes} (its serialized values and map keys, with their presence flag or count); 0 for a state
     * it does not hold.
     */
    byte[] encode(Collection<Long> timers, Collection<String> omitted, int[] sizes)
            throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(256);
        for (int i = 0; i < states.size(); i++) {
            StoredState state = states.get(i);
            int before = out.length();
            boolean held = state.write(out, omitted.contains(state.name()));
            sizes[i] = held ? out.length() - before : 0;
        }
        out.writeInt(timers.size());
        for (long timer : timers.stream().sorted().toList()) {
            out.writeLong(timer);
        }
        return out.getCopyOfBuffer();
    }

    /** Writes an encoded product's state as the current product's, and hands over its timers. */
    void decode(byte[] encoded, LongConsumer timers) throws Exception {
        DataInputDeserializer in = new DataInputDeserializer(encoded);
        for (StoredState state : states) {
            state.read(in);
        }
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
            timers.accept(in.readLong());
        }
    }

    private interface StoredState {
        String name();

        /** Writes the state; whether the product holds it. */
        boolean write(DataOutputView out, boolean omit) throws Exception;

        void read(DataInputView in) throws Exception;
    }

    private static <T> StoredState valueState(
            ValueStateDescriptor<T> descriptor, StateAccess access) throws Exception {
        ValueState<T> state = access.value(descriptor);
        TypeSerializer<T> serializer = descriptor.getSerializer();
        return new StoredState() {
            @Override
            public String name() {
                return descriptor.getName();
            }

            @Override
            public boolean write(DataOutputView out, boolean omit) throws Exception {
                T value = omit ? null : state.value();
                out.writeBoolean(value != null);
                if (value != null) {
                    serializer.serialize(value, out);
                }
                return value != null;
            }

            @Override
            public void read(DataInputView in) throws Exception {
                if (in.readBoolean()) {
                    state.update(serializer.deserialize(in));
                }
            }
        };
    }

    private static <K, V> StoredState mapState(
            MapStateDescriptor<K, V> descriptor, StateAccess access) throws Exception {
        MapState<K, V> state = access.map(descriptor);
        TypeSerializer<K> keys = descriptor.getKeySerializer();
        TypeSerializer<V> values = descriptor.getValueSerializer();
        return new StoredState() {
            @Override
            public String name() {
                return descriptor.getName();
            }

            @Override
            public boolean write(DataOutputView out, boolean omit) throws Exception {
                List<Map.Entry<K, V>> entries = new ArrayList<>();
                if (!omit) {
                    state.entries().forEach(entries::add);
                }
                out.writeInt(entries.size());
                for (Map.Entry<K, V> entry : entries) {
                    keys.serialize(entry.getKey(), out);
                    values.serialize(entry.getValue(), out);
                }
                return !entries.isEmpty();
            }

            @Override
            public void read(DataInputView in) throws Exception {
                int count = in.readInt();
                for (int i = 0; i < count; i++) {
                    state.put(keys.deserialize(in), values.deserialize(in));
                }
            }
        };
    }

    /** Reads an encoded value back, for broadcast state handed to a writer as bytes. */
    static <T> T deserialize(TypeSerializer<T> serializer, byte[] bytes) throws IOException {
        return serializer.deserialize(new DataInputDeserializer(bytes));
    }

    static <T> byte[] serialize(TypeSerializer<T> serializer, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        return out.getCopyOfBuffer();
    }
}
