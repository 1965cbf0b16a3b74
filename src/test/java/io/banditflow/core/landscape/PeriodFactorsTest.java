package io.banditflow.core.landscape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Period factors by empirical Bayes, against a hand computation. */
class PeriodFactorsTest {
    /**
     * Two periods of 1,000 clicks with 10 and 30 sales: rate 0.02, x = 0.5 and 1.5, noise s² = 1 /
     * (1000 · 0.02) = 0.05 each; spread between (0.25 + 0.25 − 0.1) / 2 = 0.2; shrinkage 0.2 / 0.25
     * = 0.8: r = 1 ∓ 0.4.
     */
    @Test
    void shouldShrinkEachPeriodTowardOneByItsNoiseAgainstTheSpreadBetweenPeriods() {
        double[] factors = PeriodFactors.of(new double[] {1000, 1000}, new double[] {10, 30});
        assertEquals(0.6, factors[0], 1e-12);
        assertEquals(1.4, factors[1], 1e-12);
    }

    /** x = 0.9 and 1.1 against noise 0.05 each: a spread of 0.01 is within the noise, r = 1. */
    @Test
    void shouldLeavePeriodsThatDifferNoMoreThanTheirNoiseAtOne() {
        double[] factors = PeriodFactors.of(new double[] {1000, 1000}, new double[] {18, 22});
        assertArrayEquals(new double[] {1, 1}, factors);
    }

    @Test
    void shouldBeOneWithoutConversionsOrForAPeriodWithoutClicks() {
        assertArrayEquals(
                new double[] {1, 1, 1}, PeriodFactors.of(new double[] {5, 5, 0}, new double[3]));
        double[] factors = PeriodFactors.of(new double[] {1000, 1000, 0}, new double[] {10, 30, 0});
        assertEquals(1, factors[2]);
    }
}
