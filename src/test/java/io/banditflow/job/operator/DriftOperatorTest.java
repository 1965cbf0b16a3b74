package io.banditflow.job.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.banditflow.core.drift.BottomKSample;
import io.banditflow.core.drift.DriftMetric;
import io.banditflow.core.drift.DriftSeries;
import io.banditflow.core.reward.RoundOutcome;
import io.banditflow.job.config.JobConfig;
import io.banditflow.testing.TestingJobs;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * A product's drift history lives in one state value; a product restored from a savepoint of the
 * earlier layout (one map entry per metric and round, as the global scope keeps) moves to it at its
 * first outcome, its values and its rounds waiting for judgment included, and the old entries go.
 */
class DriftOperatorTest {
    private static final JobConfig CONFIG = JobConfig.parse(TestingJobs.SMALL_JOB);

    @Test
    void shouldMoveAProductsHistoryFromTheEarlierLayoutAtItsFirstOutcome() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, StagedOutcome, ?> harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new DriftOperator(CONFIG), StagedOutcome::productId, Types.STRING)) {
            KeyedStateBackend<String> backend = harness.getOperator().getKeyedStateBackend();
            backend.setCurrentKey("p1");
            MapState<Long, BottomKSample> legacyCpc =
                    backend.getPartitionedState(
                            VoidNamespace.INSTANCE,
                            VoidNamespaceSerializer.INSTANCE,
                            new MapStateDescriptor<>(
                                    "samples-cpc",
                                    Types.LONG,
                                    TypeInformation.of(BottomKSample.class)));
            MapState<Long, Boolean> legacyPending =
                    backend.getPartitionedState(
                            VoidNamespace.INSTANCE,
                            VoidNamespaceSerializer.INSTANCE,
                            new MapStateDescriptor<>(
                                    "pending-round_end", Types.LONG, Types.BOOLEAN));
            legacyCpc.put(10L, sample(0.10));
            legacyCpc.put(11L, sample(0.11));
            legacyPending.put(11L, true);

            long round = 12;
            RoundOutcome outcome = new RoundOutcome("p1", round, 100, 4, 0.48, 0, 0);
            harness.processElement(
                    new StagedOutcome(DriftMetric.Stage.ROUND_END, outcome),
                    CONFIG.clock().roundStart(round));

            backend.setCurrentKey("p1");
            ValueState<DriftSeries> series =
                    backend.getPartitionedState(
                            VoidNamespace.INSTANCE,
                            VoidNamespaceSerializer.INSTANCE,
                            new ValueStateDescriptor<>(
                                    "drift-series", TypeInformation.of(DriftSeries.class)));
            DriftSeries history = series.value();
            assertThat(history.values(DriftMetric.CPC, 0, 100).values())
                    .containsExactly(0.10, 0.11, 0.12);
            assertThat(history.values(DriftMetric.CTR, 0, 100).values()).containsExactly(0.04);
            assertThat(history.pending[DriftMetric.Stage.ROUND_END.ordinal()])
                    .containsExactly(11L, 12L);
            assertThat(legacyCpc.isEmpty()).isTrue();
            assertThat(legacyPending.isEmpty()).isTrue();
        }
    }

    private static BottomKSample sample(double value) {
        BottomKSample sample = new BottomKSample(1);
        sample.offer(1, value);
        return sample;
    }
}
