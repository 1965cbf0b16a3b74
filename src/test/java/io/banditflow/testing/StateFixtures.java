package io.banditflow.testing;

import io.banditflow.core.drift.BottomKSample;
import io.banditflow.core.drift.DriftState;
import io.banditflow.core.event.CatalogEntry;
import io.banditflow.core.event.ControlAction;
import io.banditflow.core.event.ControlCommand;
import io.banditflow.core.event.ProductStatus;
import io.banditflow.core.guard.RoundSpend;
import io.banditflow.core.policy.PlayedRound;
import io.banditflow.core.policy.PolicyState;
import io.banditflow.core.reward.ProfitHistory;
import io.banditflow.core.reward.RoundOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Committed fixtures of the job's state types as Flink stores them: each file holds the type's
 * serializer snapshot and example values written with that serializer, the way a savepoint does. A
 * test restores every fixture with the current code; {@link #main} writes a new format version (run
 * it, commit the files, never overwrite an old version).
 *
 * <pre>
 * mvn -q test-compile exec:exec@state-fixtures
 * </pre>
 */
public final class StateFixtures {
    /** The format version {@link #main} writes. */
    public static final int VERSION = 1;

    public static final Path DIRECTORY = Path.of("src/test/resources/fixtures/state");

    private StateFixtures() {}

    /** One state type with the example values its fixture holds. */
    public record Example<T>(String name, Class<T> type, List<T> values) {}

    /** The state types of the job's operators, with example values. */
    public static List<Example<?>> examples() {
        PolicyState learner = new PolicyState();
        learner.scores = new double[] {0.5, -1.25, 3.0};
        learner.profitHistory = new ProfitHistory(4);
        learner.profitHistory.add(1.5);
        learner.profitHistory.add(-0.5);
        learner.policyVersion = 7;
        learner.roundsLearned = 56;
        learner.lastUpdateTime = 1_728_000_000_000L;
        DriftState drift = new DriftState();
        drift.inFallback = true;
        drift.cleanWindows = 3;
        drift.referenceFromRound = 480_123;
        BottomKSample sample = new BottomKSample(4);
        sample.offer(42, 0.1);
        sample.offer(7, 0.3);
        return List.of(
                new Example<>("policy-state", PolicyState.class, List.of(learner)),
                new Example<>(
                        "played-round",
                        PlayedRound.class,
                        List.of(new PlayedRound(480_001, 3, 0.07, 0.125, "job/p/480001", 1, 9))),
                new Example<>(
                        "round-outcome",
                        RoundOutcome.class,
                        List.of(new RoundOutcome("p", 480_001, 40, 3, 0.42, 1, 24.9, 12, 40))),
                new Example<>("drift-state", DriftState.class, List.of(drift)),
                new Example<>("bottom-k-sample", BottomKSample.class, List.of(sample)),
                new Example<>(
                        "round-spend", RoundSpend.class, List.of(new RoundSpend(480_001, 0.42, 3))),
                new Example<>(
                        "catalog-entry",
                        CatalogEntry.class,
                        List.of(
                                new CatalogEntry(
                                        "p",
                                        "shoes",
                                        "mid",
                                        0.12,
                                        ProductStatus.PAUSED,
                                        1_728_000_000_000L))),
                new Example<>(
                        "control-command",
                        ControlCommand.class,
                        List.of(
                                new ControlCommand(
                                        "k1",
                                        "*",
                                        ControlAction.FORCE_BASELINE,
                                        "incident",
                                        "sre",
                                        1_728_000_000_000L))));
    }

    public static <T> byte[] write(Class<T> type, List<T> values) throws IOException {
        TypeSerializer<T> serializer = serializer(type);
        DataOutputSerializer out = new DataOutputSerializer(256);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());
        out.writeInt(values.size());
        for (T value : values) {
            serializer.serialize(value, out);
        }
        return out.getCopyOfBuffer();
    }

    /**
     * Reads values written by an earlier format, as a restore does: the current serializer when the
     * schema is compatible as is, the old one (and so a migration) when it has evolved.
     *
     * @throws IllegalStateException when the current code cannot read the old format
     */
    public static <T> List<T> read(Class<T> type, byte[] bytes) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(bytes);
        TypeSerializerSnapshot<T> old =
                TypeSerializerSnapshot.readVersionedSnapshot(
                        in, StateFixtures.class.getClassLoader());
        TypeSerializer<T> current = serializer(type);
        TypeSerializerSchemaCompatibility<T> compatibility =
                current.snapshotConfiguration().resolveSchemaCompatibility(old);
        TypeSerializer<T> reader;
        if (compatibility.isCompatibleAsIs()) {
            reader = current;
        } else if (compatibility.isCompatibleAfterMigration()) {
            reader = old.restoreSerializer();
        } else {
            throw new IllegalStateException(type.getSimpleName() + ": " + compatibility);
        }
        int n = in.readInt();
        List<T> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            values.add(reader.deserialize(in));
        }
        return values;
    }

    private static <T> TypeSerializer<T> serializer(Class<T> type) {
        return TypeInformation.of(type).createSerializer(new SerializerConfigImpl());
    }

    public static Path file(String name, int version) {
        return DIRECTORY.resolve(name + "-v" + version + ".bin");
    }

    /** Writes the fixtures of {@link #VERSION}; refuses to overwrite an existing file. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void main(String[] args) throws IOException {
        Files.createDirectories(DIRECTORY);
        Map<Path, byte[]> files = new LinkedHashMap<>();
        for (Example example : examples()) {
            files.put(file(example.name(), VERSION), write(example.type(), example.values()));
        }
        for (Map.Entry<Path, byte[]> entry : files.entrySet()) {
            if (Files.exists(entry.getKey())) {
                System.out.println("kept " + entry.getKey() + " (never overwrite a version)");
                continue;
            }
            Files.write(entry.getKey(), entry.getValue());
            System.out.println("wrote " + entry.getKey());
        }
    }
}
