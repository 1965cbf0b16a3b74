package io.banditflow.job.serde;

import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * The type of a sealed interface whose values are records of a fixed list of variants: written as
 * the variant's index (one byte) and the variant with its own serializer (Flink's POJO serializer
 * for a record). Lets a stream carry a sealed hierarchy without Kryo (the job runs with {@code
 * pipeline.generic-types: false}).
 *
 * @param <T> the sealed interface
 */
public final class UnionTypeInfo<T> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final List<Class<? extends T>> variants;

    private UnionTypeInfo(Class<T> type, List<Class<? extends T>> variants) {
        this.type = type;
        this.variants = variants;
    }

    /** The union of {@code type}'s variants, in the order given (the order is the wire format). */
    @SafeVarargs
    public static <T> UnionTypeInfo<T> of(Class<T> type, Class<? extends T>... variants) {
        if (variants.length == 0 || variants.length > Byte.MAX_VALUE) {
            throw new IllegalArgumentException("1 to 127 variants, not " + variants.length);
        }
        return new UnionTypeInfo<>(type, List.of(variants));
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<T> getTypeClass() {
        return type;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    @SuppressWarnings("unchecked")
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        TypeSerializer<?>[] serializers = new TypeSerializer<?>[variants.size()];
        for (int i = 0; i < serializers.length; i++) {
            serializers[i] = TypeInformation.of(variants.get(i)).createSerializer(config);
        }
        return new UnionSerializer<>(
                variants.toArray(Class[]::new), (TypeSerializer<Object>[]) serializers);
    }

    @Override
    public String toString() {
        return "Union<" + type.getSimpleName() + ">" + variants;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UnionTypeInfo<?> that
                && that.type.equals(type)
                && that.variants.equals(variants);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + Arrays.hashCode(variants.toArray());
    }

    @Override
    public boolean canEqual(Object other) {
        return other instanceof UnionTypeInfo;
    }
}
