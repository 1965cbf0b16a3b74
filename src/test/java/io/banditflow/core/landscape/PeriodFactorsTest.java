package io.banditflow.core.landscape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Period factors by empirical Bayes over two halves of the batches, against hand computations. */
class PeriodFactorsTest {
    /**
     * Two periods of 500 clicks in each half: {@code conversionsA} and {@code conversionsB} their
     * sales in the even and the odd batches.
     */
    private static double[] halves(double[] conversionsA, double[] conversionsB) {
        return new double[] {
            500, 500, conversionsA[0], conversionsA[1], 500, 500, conversionsB[0], conversionsB[1]
        };
    }

    /**
     * Both halves sell 5 and 15: rate 0.02, x = 0.5 and 1.5 in each; τ² = mean of (−0.5)² and 0.5²
     * = 0.25; the halves agree, φ = 1; s² = 1 / (1000 · 0.02) = 0.05; r = 1 ∓ 0.25 / 0.3 · 0.5.
     */
    @Test
    void shouldShrinkEachPeriodTowardOneByItsNoiseAgainstTheSpreadTheHalvesAgreeOn() {
        double[] factors = PeriodFactors.of(halves(new double[] {5, 15}, new double[] {5, 15}));
        assertEquals(1 - 0.25 / 0.3 * 0.5, factors[0], 1e-12);
        assertEquals(1 + 0.25 / 0.3 * 0.5, factors[1], 1e-12);
    }

    /**
     * Sales 2 and 18, then 8 and 12: x^A = 0.2, 1.8 and x^B = 0.8, 1.2; τ² = (0.8 · 0.2 + 0.8 ·
     * 0.2) / 2 = 0.16; the halves differ by 0.6 against a Poisson variance of 0.1 + 0.1 each, φ =
     * 0.36 / 0.2 = 1.8; x = 0.5, 1.5 with s² = 1.8 · 0.05 = 0.09: r = 1 ∓ 0.16 / 0.25 · 0.5 = 0.68,
     * 1.32.
     */
    @Test
    void shouldWidenTheNoiseByHowMuchTheHalvesDisagreeBeyondPoisson() {
        double[] factors = PeriodFactors.of(halves(new double[] {2, 18}, new double[] {8, 12}));
        assertEquals(0.68, factors[0], 1e-12);
        assertEquals(1.32, factors[1], 1e-12);
    }

    /**
     * Halves that point opposite ways (0.5, 1.5 then 1.5, 0.5): however far each is from 1, they
     * agree on no spread, r = 1.
     */
    @Test
    void shouldLeavePeriodsAtOneWhenTheHalvesDisagree() {
        assertArrayEquals(
                new double[] {1, 1},
                PeriodFactors.of(halves(new double[] {5, 15}, new double[] {15, 5})));
    }

    /**
     * Three periods of 500 clicks, sales 5, 10, 15 then 5, 12, 13: x^A = 0.5, 1, 1.5 and x^B = 0.5,
     * 1.2, 1.3; the halves' products 0.25, 0 and 0.15 average 0.133 with a standard error of 0.073:
     * two standard errors below it is no spread, r = 1.
     */
    @Test
    void shouldLeavePeriodsAtOneWhileTheHalvesAgreeWithinTwoStandardErrors() {
        double[] sums = {
            500, 500, 500, 5, 10, 15, 500, 500, 500, 5, 12, 13,
        };
        assertArrayEquals(new double[] {1, 1, 1}, PeriodFactors.of(sums));
    }

    @Test
    void shouldBeOneWithoutASecondHalfConversionsOrClicks() {
        assertArrayEquals(
                new double[] {1, 1},
                PeriodFactors.of(halves(new double[] {5, 15}, new double[] {0, 0})));
        assertArrayEquals(new double[] {1, 1, 1}, PeriodFactors.of(new double[12]));
        double[] sums = new double[12];
        sums[0] = 500;
        sums[1] = 500;
        sums[3] = 5;
        sums[4] = 15;
        sums[6] = 500;
        sums[7] = 500;
        sums[9] = 5;
        sums[10] = 15;
        double[] factors = PeriodFactors.of(sums);
        assertEquals(1, factors[2], "a period without clicks");
        assertEquals(1 - 0.25 / 0.3 * 0.5, factors[0], 1e-12, "the others as with two periods");
    }
}
