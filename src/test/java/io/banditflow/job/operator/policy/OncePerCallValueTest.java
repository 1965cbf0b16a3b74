package io.banditflow.job.operator.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ValueState;
import org.junit.jupiter.api.Test;

class OncePerCallValueTest {
    /** A keyed state of one key that counts its reads and keeps its writes. */
    private static final class CountingState implements ValueState<String> {
        String stored;
        int reads;
        final List<String> writes = new ArrayList<>();

        @Override
        public String value() {
            reads++;
            return stored;
        }

        @Override
        public void update(String value) {
            writes.add(value);
            stored = value;
        }

        @Override
        public void clear() {
            stored = null;
        }
    }

    @Test
    void shouldReadOnceAndWriteTheLastValueOnceInACall() throws Exception {
        CountingState state = new CountingState();
        state.stored = "restored";
        OncePerCallValue<String> value = new OncePerCallValue<>(state);

        value.begin();
        assertEquals("restored", value.value());
        value.update("learned final");
        assertEquals("learned final", value.value());
        value.update("learned ended");
        assertEquals("learned ended", value.value());
        value.flush();

        assertEquals(1, state.reads);
        assertEquals(List.of("learned ended"), state.writes);
    }

    @Test
    void shouldNotWriteACallThatOnlyRead() throws Exception {
        CountingState state = new CountingState();
        OncePerCallValue<String> value = new OncePerCallValue<>(state);

        value.begin();
        value.value();
        value.value();
        value.flush();

        assertEquals(1, state.reads);
        assertEquals(List.of(), state.writes);
    }

    @Test
    void shouldReadAgainInTheNextCall() throws Exception {
        CountingState state = new CountingState();
        OncePerCallValue<String> value = new OncePerCallValue<>(state);
        value.begin();
        value.update("first key's");
        value.flush();

        state.stored = "next key's"; // the backend has moved to another key
        value.begin();

        assertSame("next key's", value.value());
        assertEquals(1, state.reads);
    }

    @Test
    void shouldRefuseToStartACallBeforeTheLastWriteIsFlushed() {
        OncePerCallValue<String> value = new OncePerCallValue<>(new CountingState());
        value.begin();
        value.update("never flushed");

        assertThrows(IllegalStateException.class, value::begin);
    }
}
