package io.banditflow.core.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DelayModelTest {
    private static final long HOUR = 3_600_000L;
    private static final long WINDOW = 48 * HOUR;

    @Test
    void arrivedShareIsTheHistogramLinearWithinAnHourBin() {
        // two sales within the first hour, one at 1.5 h, one near the end of the window
        double[] bins =
                DelayModel.add(
                        null,
                        new long[] {10 * 60_000L, 50 * 60_000L, 90 * 60_000L, 47 * HOUR + HOUR / 2},
                        WINDOW);
        DelayModel model = DelayModel.of(WINDOW, bins, 4);

        assertThat(model.conversions()).isEqualTo(4);
        assertThat(model.arrivedShare(0)).isZero();
        assertThat(model.arrivedShare(HOUR / 2)).isEqualTo(0.25); // half of bin 0's two of four
        assertThat(model.arrivedShare(3 * HOUR / 2)).isEqualTo(0.625); // (2 + 0.5) / 4
        assertThat(model.arrivedShare(47 * HOUR)).isEqualTo(0.75);
        assertThat(model.arrivedShare(WINDOW)).isEqualTo(1);
    }

    @Test
    void aRoundsShareAveragesItsClicksAges() {
        // one sale per hour of the window: G(a) = a / W, so the round's share is its mean age / W
        double[] bins = new double[DelayModel.BINS];
        java.util.Arrays.fill(bins, 1);
        DelayModel model = DelayModel.of(WINDOW, bins, 1);

        // the round [0, 1 h) at 25 h: its clicks' mean age is 24.5 h
        assertThat(model.arrivedShare(0, HOUR, 25 * HOUR)).isCloseTo(24.5 / 48, within(1e-12));
        // at its own end: mean age half an hour
        assertThat(model.arrivedShare(0, HOUR, HOUR - 1)).isCloseTo(0.5 / 48, within(1e-6));
    }

    @Test
    void delaysOutsideTheWindowGoToItsEdgeBinsAndTooFewAreNoModel() {
        assertThat(DelayModel.binOf(-5, WINDOW)).isZero();
        assertThat(DelayModel.binOf(WINDOW + HOUR, WINDOW)).isEqualTo(DelayModel.BINS - 1);
        assertThat(DelayModel.binOf(HOUR, WINDOW)).isEqualTo(1);
        double[] two = DelayModel.add(null, new long[] {HOUR, 2 * HOUR}, WINDOW);
        assertThat(DelayModel.of(WINDOW, two, 3)).isNull();
        assertThat(DelayModel.of(WINDOW, null, 0)).isNull();
        assertThat(DelayModel.of(WINDOW, two, 2)).isNotNull();
    }
}
