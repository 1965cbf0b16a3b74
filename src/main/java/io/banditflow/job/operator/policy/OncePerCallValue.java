package io.banditflow.job.operator.policy;

import java.io.IOException;
import org.apache.flink.api.common.state.ValueState;

/**
 * A keyed value state read at most once and written at most once in one call of a keyed operator
 * (an element or a timer of one key). On RocksDB each read deserialises the whole value and each
 * write serialises and puts it; the timer at the end of a day learns a final batch, an ended batch
 * and the open rounds in turn, each of which read and wrote the product's learner state
 * (docs/benchmarks.md, "Whole job").
 *
 * <p>A call begins with {@link #begin} and ends with {@link #flush}: between them {@link #value}
 * returns the value read first or written last, and {@link #update} only marks it written. Nothing
 * is kept across calls, where the key changes.
 */
final class OncePerCallValue<T> {
    private final ValueState<T> state;
    private T value;
    private boolean read;
    private boolean written;

    OncePerCallValue(ValueState<T> state) {
        this.state = state;
    }

    /**
     * Starts a call for the key now current.
     *
     * @throws IllegalStateException when the last call's write was not flushed: it would be lost
     */
    void begin() {
        if (written) {
            throw new IllegalStateException("a write of the last call was not flushed");
        }
        value = null;
        read = false;
    }

    /** The key's value: read from the state the first time in a call, then kept. */
    T value() throws IOException {
        if (!read) {
            value = state.value();
            read = true;
        }
        return value;
    }

    /** Sets the key's value, written to the state when the call ends. */
    void update(T newValue) {
        value = newValue;
        read = true;
        written = true;
    }

    /** Ends the call: writes the value if it was set, and forgets it. */
    void flush() throws IOException {
        if (written) {
            state.update(value);
            written = false;
        }
        value = null;
        read = false;
    }
}
