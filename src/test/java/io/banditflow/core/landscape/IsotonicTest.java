package io.banditflow.core.landscape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class IsotonicTest {
    @Test
    void shouldPoolAdjacentViolatorsByWeight() {
        double[] values = {1, 3, 2, 4};
        Isotonic.nonDecreasing(values, new double[] {1, 1, 3, 1}, 0, 3);
        // 3 (weight 1) and 2 (weight 3) pool to (3 + 6) / 4 = 2.25
        assertArrayEquals(new double[] {1, 2.25, 2.25, 4}, values, 1e-12);
    }

    @Test
    void shouldLeaveAMonotoneSequenceAndTheOutsideOfTheRangeAsTheyAre() {
        double[] values = {9, 1, 2, 3, 0};
        Isotonic.nonDecreasing(values, new double[] {1, 1, 1, 1, 1}, 1, 3);
        assertArrayEquals(new double[] {9, 1, 2, 3, 0}, values, 0);
    }

    @Test
    void shouldPoolAChainOfViolatorsIntoOneBlock() {
        double[] values = {4, 3, 2, 1};
        Isotonic.nonDecreasing(values, new double[] {1, 1, 1, 1}, 0, 3);
        assertArrayEquals(new double[] {2.5, 2.5, 2.5, 2.5}, values, 1e-12);
    }
}
