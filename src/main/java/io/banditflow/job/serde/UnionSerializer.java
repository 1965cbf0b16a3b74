package io.banditflow.job.serde;

import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.api.common.typeutils.CompositeTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.util.InstantiationUtil;

/**
 * Serializer of a {@link UnionTypeInfo}: the variant's index as one byte, then the variant.
 *
 * @param <T> the sealed interface
 */
public final class UnionSerializer<T> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;

    private final Class<?>[] variants;
    private final TypeSerializer<Object>[] serializers;

    UnionSerializer(Class<?>[] variants, TypeSerializer<Object>[] serializers) {
        this.variants = variants;
        this.serializers = serializers;
    }

    private int indexOf(Object value) {
        Class<?> type = value.getClass();
        for (int i = 0; i < variants.length; i++) {
            if (variants[i] == type) {
                return i;
            }
        }
        throw new IllegalArgumentException(type + " is not one of " + Arrays.toString(variants));
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    @SuppressWarnings("unchecked")
    public TypeSerializer<T> duplicate() {
        TypeSerializer<Object>[] copies = new TypeSerializer[serializers.length];
        boolean stateful = false;
        for (int i = 0; i < copies.length; i++) {
            copies[i] = serializers[i].duplicate();
            stateful |= copies[i] != serializers[i];
        }
        return stateful ? new UnionSerializer<>(variants, copies) : this;
    }

    @Override
    public T createInstance() {
        return null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T copy(T from) {
        return (T) serializers[indexOf(from)].copy(from);
    }

    @Override
    public T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(T record, DataOutputView target) throws IOException {
        int index = indexOf(record);
        target.writeByte(index);
        serializers[index].serialize(record, target);
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(DataInputView source) throws IOException {
        return (T) serializers[source.readByte()].deserialize(source);
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        byte index = source.readByte();
        target.writeByte(index);
        serializers[index].copy(source, target);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UnionSerializer<?> that
                && Arrays.equals(that.variants, variants)
                && Arrays.equals(that.serializers, serializers);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(variants) + Arrays.hashCode(serializers);
    }

    @Override
    public TypeSerializerSnapshot<T> snapshotConfiguration() {
        return new Snapshot<>(this);
    }

    /** The variants' class names and their serializers' snapshots. */
    public static final class Snapshot<T>
            extends CompositeTypeSerializerSnapshot<T, UnionSerializer<T>> {
        private static final int VERSION = 1;

        private Class<?>[] variants;

        /** For reading a snapshot. */
        public Snapshot() {}

        Snapshot(UnionSerializer<T> serializer) {
            super(serializer);
            this.variants = serializer.variants;
        }

        @Override
        protected int getCurrentOuterSnapshotVersion() {
            return VERSION;
        }

        @Override
        protected void writeOuterSnapshot(DataOutputView out) throws IOException {
            out.writeInt(variants.length);
            for (Class<?> variant : variants) {
                out.writeUTF(variant.getName());
            }
        }

        @Override
        protected void readOuterSnapshot(
                int readOuterSnapshotVersion, DataInputView in, ClassLoader userCodeClassLoader)
                throws IOException {
            variants = new Class<?>[in.readInt()];
            for (int i = 0; i < variants.length; i++) {
                variants[i] = InstantiationUtil.resolveClassByName(in, userCodeClassLoader);
            }
        }

        @Override
        protected TypeSerializer<?>[] getNestedSerializers(UnionSerializer<T> outer) {
            return outer.serializers;
        }

        @Override
        @SuppressWarnings("unchecked")
        protected UnionSerializer<T> createOuterSerializerWithNestedSerializers(
                TypeSerializer<?>[] nested) {
            return new UnionSerializer<>(variants, (TypeSerializer<Object>[]) nested);
        }
    }
}
