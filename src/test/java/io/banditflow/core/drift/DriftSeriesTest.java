package io.banditflow.core.drift;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DriftSeriesTest {
    @Test
    void keepsEachMetricsValuesInRoundOrderWhateverTheOrderTheyCameIn() {
        DriftSeries series = DriftSeries.empty();
        series.add(DriftMetric.CPC, 12, 0.3, 0.05);
        series.add(DriftMetric.CPC, 10, 0.1, 0.05);
        series.add(DriftMetric.CPC, 11, 0.2, 0.05);
        series.add(DriftMetric.CTR, 11, 0.05, 0.05);

        assertThat(series.values(DriftMetric.CPC, 10, 13).values()).containsExactly(0.1, 0.2, 0.3);
        assertThat(series.values(DriftMetric.CPC, 11, 12).values()).containsExactly(0.2);
        assertThat(series.values(DriftMetric.CPC, 13, 20).values()).isEmpty();
        assertThat(series.values(DriftMetric.CTR, 0, 100).values()).containsExactly(0.05);
        assertThat(series.values(DriftMetric.MOBILE_SHARE, 0, 100).values()).isEmpty();
    }

    @Test
    void aRoundsFirstValueStaysAsABottomOneSampleKeptIt() {
        DriftSeries series = DriftSeries.empty();
        series.add(DriftMetric.CPC, 10, 0.1, 0.05);
        series.add(DriftMetric.CPC, 10, 0.9, 0.05);

        assertThat(series.values(DriftMetric.CPC, 10, 11).values()).containsExactly(0.1);
    }

    @Test
    void aPendingRoundIsTakenOnceAtItsStage() {
        DriftSeries series = DriftSeries.empty();
        series.await(DriftMetric.Stage.ROUND_END, 11);
        series.await(DriftMetric.Stage.ROUND_END, 10);
        series.await(DriftMetric.Stage.ROUND_END, 11);

        assertThat(series.takePending(DriftMetric.Stage.ROUND_FINAL, 11)).isFalse();
        assertThat(series.takePending(DriftMetric.Stage.ROUND_END, 11)).isTrue();
        assertThat(series.takePending(DriftMetric.Stage.ROUND_END, 11)).isFalse();
        assertThat(series.pending[DriftMetric.Stage.ROUND_END.ordinal()]).containsExactly(10);
    }

    @Test
    void pruningForgetsRoundsBeforeTheOldestNeededOfEveryMetric() {
        DriftSeries series = DriftSeries.empty();
        for (long round = 0; round < 5; round++) {
            series.add(DriftMetric.CPC, round, round, 0.05);
            series.add(DriftMetric.CONVERSION_RATE, round, -round, 0.05);
        }
        series.prune(3);

        assertThat(series.values(DriftMetric.CPC, 0, 10).values()).containsExactly(3.0, 4.0);
        assertThat(series.values(DriftMetric.CONVERSION_RATE, 0, 10).values())
                .containsExactly(-3.0, -4.0);
        assertThat(series.rounds[DriftMetric.CPC.ordinal()]).containsExactly(3L, 4L);
        assertThat(series.values(DriftMetric.CPC, 0, 10).bids()).containsExactly(0.05, 0.05);
    }

    @Test
    void keepsTheBidOfEachRoundBesideItsValue() {
        DriftSeries series = DriftSeries.empty();
        series.add(DriftMetric.CPC, 11, 0.2, 0.15);
        series.add(DriftMetric.CPC, 10, 0.1, 0.11);

        BidValues values = series.values(DriftMetric.CPC, 10, 12);
        assertThat(values.values()).containsExactly(0.1, 0.2);
        assertThat(values.bids()).containsExactly(0.11, 0.15);
    }

    @Test
    void aSeriesRestoredFromBeforeBidsWereKeptHasTheirBidsUnknown() {
        DriftSeries series = DriftSeries.empty();
        series.add(DriftMetric.CPC, 10, 0.1, 0.11);
        series.bids = null; // as the POJO serializer restores a series of the earlier format
        series.add(DriftMetric.CPC, 11, 0.2, 0.15);

        assertThat(series.values(DriftMetric.CPC, 10, 12).bids()).containsExactly(Double.NaN, 0.15);
    }
}
