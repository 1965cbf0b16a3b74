package io.banditflow.job.serde;

import static io.banditflow.testing.TestTime.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.banditflow.core.event.CatalogEntry;
import io.banditflow.core.event.ControlAction;
import io.banditflow.core.event.ControlCommand;
import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.event.ProductStatus;
import io.banditflow.core.guard.RoundSpend;
import io.banditflow.core.reward.RoundOutcome;
import io.banditflow.job.operator.PacingLevel;
import io.banditflow.job.operator.ProductActivity;
import io.banditflow.job.operator.TrafficTotal;
import io.banditflow.job.operator.policy.PolicyBroadcast;
import io.banditflow.job.operator.policy.PolicyInput;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * The policy operator's inputs on the wire: every variant written as its index and its own POJO
 * serializer, with generic types (Kryo) disabled as the job runs.
 */
class UnionSerializerTest {
    private static <T> TypeSerializer<T> serializer(
            org.apache.flink.api.common.typeinfo.TypeInformation<T> type) {
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false); // a variant that needed Kryo would fail here
        return type.createSerializer(config);
    }

    private static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        T read = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        // copying the bytes through gives the same bytes (a target with room: Flink's copy from a
        // view does not grow the buffer)
        DataOutputSerializer copied = new DataOutputSerializer(4096);
        serializer.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
        assertEquals(
                java.util.Arrays.toString(out.getCopyOfBuffer()),
                java.util.Arrays.toString(copied.getCopyOfBuffer()));
        return read;
    }

    @Test
    void shouldWriteEveryPolicyInputAndReadItBack() throws Exception {
        TypeSerializer<PolicyInput> serializer = serializer(PolicyInput.TYPE);
        RoundOutcome outcome = new RoundOutcome("p", 480_000, 10, 2, 0.3, 1, 4.0);
        for (PolicyInput input :
                List.of(
                        PolicyInput.of(outcome),
                        PolicyInput.atRoundEnd(outcome),
                        PolicyInput.of(new ProductActivity("p", T0)),
                        PolicyInput.of(
                                new CatalogEntry(
                                        "p", "shoes", "mid", 0.12, ProductStatus.ACTIVE, T0)),
                        PolicyInput.feedback(
                                FeedbackEvent.click("c1", "p", T0, 0.2, "job/p/480000")))) {
            PolicyInput read = roundTrip(serializer, input);
            assertEquals(input, read);
            assertEquals(input.kind(), read.kind());
            assertEquals(input, serializer.copy(input));
        }
    }

    @Test
    void shouldWriteEveryPolicyBroadcastAndReadItBack() throws Exception {
        TypeSerializer<PolicyBroadcast> serializer = serializer(PolicyBroadcast.TYPE);
        for (PolicyBroadcast broadcast :
                List.of(
                        PolicyBroadcast.of(new TrafficTotal(480_000, 1234)),
                        PolicyBroadcast.of(new RoundSpend(480_000, 1.5, 3)),
                        PolicyBroadcast.of(
                                new ControlCommand(
                                        "k1", "*", ControlAction.FORCE_BASELINE, "INC", "sre", T0)),
                        PolicyBroadcast.of(new PacingLevel(480_000, 0.25)))) {
            assertEquals(broadcast, roundTrip(serializer, broadcast));
        }
    }

    @Test
    void shouldRestoreItsSnapshotAsCompatible() throws Exception {
        TypeSerializer<PolicyInput> serializer = serializer(PolicyInput.TYPE);
        DataOutputSerializer out = new DataOutputSerializer(256);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());
        TypeSerializerSnapshot<PolicyInput> read =
                TypeSerializerSnapshot.readVersionedSnapshot(
                        new DataInputDeserializer(out.getCopyOfBuffer()),
                        getClass().getClassLoader());
        TypeSerializerSchemaCompatibility<PolicyInput> compatibility =
                serializer.snapshotConfiguration().resolveSchemaCompatibility(read);
        assertEquals(true, compatibility.isCompatibleAsIs(), compatibility.toString());
        assertEquals(serializer, read.restoreSerializer());
    }

    @Test
    void shouldRefuseAValueOfNoVariant() {
        TypeSerializer<Object> serializer =
                serializer(UnionTypeInfo.of(Object.class, String.class));
        assertThrows(
                IllegalArgumentException.class,
                () -> serializer.serialize(42, new DataOutputSerializer(8)));
    }
}
