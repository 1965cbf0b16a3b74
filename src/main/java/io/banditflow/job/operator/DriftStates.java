package io.banditflow.job.operator;

import io.banditflow.core.drift.BottomKSample;
import io.banditflow.core.drift.DriftMetric;
import io.banditflow.core.drift.DriftState;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/** The keyed states the drift monitors share, registered under the names savepoints hold. */
final class DriftStates {
    private DriftStates() {}

    /** Per metric, bottom-k samples by round, named {@code <prefix>-<metric>}. */
    static Map<DriftMetric, MapState<Long, BottomKSample>> samplesByMetric(
            RuntimeContext runtime, String prefix) {
        Map<DriftMetric, MapState<Long, BottomKSample>> samples = new EnumMap<>(DriftMetric.class);
        for (DriftMetric metric : DriftMetric.values()) {
            samples.put(
                    metric,
                    runtime.getMapState(
                            new MapStateDescriptor<>(
                                    prefix + "-" + metric.name().toLowerCase(Locale.ROOT),
                                    Types.LONG,
                                    TypeInformation.of(BottomKSample.class))));
        }
        return samples;
    }

    /** Per stage, the rounds waiting to be judged ({@code pending-<stage>}). */
    static Map<DriftMetric.Stage, MapState<Long, Boolean>> pendingByStage(RuntimeContext runtime) {
        Map<DriftMetric.Stage, MapState<Long, Boolean>> pending =
                new EnumMap<>(DriftMetric.Stage.class);
        for (DriftMetric.Stage stage : DriftMetric.Stage.values()) {
            pending.put(
                    stage,
                    runtime.getMapState(
                            new MapStateDescriptor<>(
                                    "pending-" + stage.name().toLowerCase(Locale.ROOT),
                                    Types.LONG,
                                    Types.BOOLEAN)));
        }
        return pending;
    }

    /** The scope's drift state, or that of a scope first judged at {@code round}. */
    static DriftState current(ValueState<DriftState> state, long round) throws Exception {
        DriftState current = state.value();
        return current == null ? DriftState.startingAt(round) : current;
    }

    /** The scope's drift state ({@code drift-state}). */
    static ValueState<DriftState> driftState(RuntimeContext runtime) {
        return runtime.getState(
                new ValueStateDescriptor<>("drift-state", TypeInformation.of(DriftState.class)));
    }
}
