package io.banditflow.core.landscape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The value strength by the analysis of variance, against a hand computation and a known truth. */
class ValueSpreadTest {
    private static final double FALLBACK = 2;

    /**
     * Five products of six one-sale rounds each, worth m − 2, m + 2, m − 2, m + 2, m − 1, m + 1 for
     * m = 10 … 14: within each product the squares sum to 18, so σ²_w = 5 · 18 / (5 · 5) = 3.6;
     * between, 6 · Σ (m − 12)² = 60 = 4 · 3.6 + σ²_b · (30 − 5 · 36 / 30), so σ²_b = 45.6 / 24 =
     * 1.9 and τ = 3.6 / 1.9.
     */
    @Test
    void shouldEstimateTheStrengthByTheMethodOfMoments() {
        ValueSpread spread = new ValueSpread();
        for (int m = 10; m <= 14; m++) {
            addOneSaleRounds(spread, m - 2, m + 2, m - 2, m + 2, m - 1, m + 1);
        }
        assertEquals(3.6 / 1.9, spread.strength(FALLBACK), 1e-9);
    }

    /**
     * 400 products whose means spread with sd 2 around 10 and whose sales spread with sd 3 around
     * their product's mean, one to eight sales each, some rounds with two: τ = 9 / 4 = 2.25.
     */
    @Test
    void shouldRecoverTheRatioOfAKnownPopulation() {
        SplittableRandom random = new SplittableRandom(7);
        ValueSpread spread = new ValueSpread();
        for (int p = 0; p < 400; p++) {
            double mean = 10 + 2 * random.nextGaussian();
            int rounds = 1 + random.nextInt(6);
            double sales = 0;
            double value = 0;
            double roundSquares = 0;
            for (int r = 0; r < rounds; r++) {
                int sold = r % 3 == 0 ? 2 : 1;
                double roundValue = 0;
                for (int s = 0; s < sold; s++) {
                    roundValue += mean + 3 * random.nextGaussian();
                }
                sales += sold;
                value += roundValue;
                roundSquares += roundValue * roundValue / sold;
            }
            spread.add(sales, value, roundSquares, rounds);
        }
        assertEquals(2.25, spread.strength(FALLBACK), 0.5);
    }

    @Test
    void shouldPoolAsStronglyAsAllowedWhenProductsSellAlike() {
        ValueSpread spread = new ValueSpread();
        for (int p = 0; p < 5; p++) {
            addOneSaleRounds(spread, 8, 12, 8, 12, 10, 10);
        }
        assertEquals(ValueSpread.MAX_STRENGTH, spread.strength(FALLBACK));
    }

    @Test
    void shouldKeepTheFallbackUntilTheSalesCanTell() {
        ValueSpread fewProducts = new ValueSpread();
        for (int p = 0; p < 4; p++) {
            addOneSaleRounds(fewProducts, 1, 9, 3, 30, 2, 8, 1, 1);
        }
        ValueSpread fewRepeats = new ValueSpread();
        for (int p = 0; p < 19; p++) {
            addOneSaleRounds(fewRepeats, p, 2 * p);
        }
        assertEquals(FALLBACK, fewProducts.strength(FALLBACK));
        assertEquals(FALLBACK, fewRepeats.strength(FALLBACK));
        assertEquals(FALLBACK, ValueSpread.of(null).strength(FALLBACK));
    }

    @Test
    void shouldMergeSubtasksExactlyAndRoundTripItsSums() {
        ValueSpread whole = new ValueSpread();
        ValueSpread first = new ValueSpread();
        ValueSpread second = new ValueSpread();
        for (int p = 0; p < 10; p++) {
            double[] sales = {p + 1, 2 * p + 3, 7, 5 + p % 3};
            addOneSaleRounds(whole, sales);
            addOneSaleRounds(p % 2 == 0 ? first : second, sales);
        }
        ValueSpread merged = first.merge(second);
        assertArrayEquals(whole.sums(), merged.sums(), 1e-9);
        assertEquals(whole.strength(FALLBACK), ValueSpread.of(merged.sums()).strength(FALLBACK));
    }

    /** A round's value is only known summed, so its square cannot be below the product's mean's. */
    @Test
    void shouldNotCountASumOfSquaresBelowItsProductsMean() {
        ValueSpread floored = new ValueSpread().add(4, 40, 1, 2);
        ValueSpread exact = new ValueSpread().add(4, 40, 400, 2);
        assertArrayEquals(exact.sums(), floored.sums());
    }

    @Test
    void shouldSumAProductsRoundsWithASale() {
        double[] sums = ValueEvidence.addRound(null, 40, 0, 0);
        ValueEvidence.addRound(sums, 12, 2, 30);
        ValueEvidence.addRound(sums, 8, 1, 5);
        assertArrayEquals(new double[] {60, 3, 35, 30 * 30 / 2.0 + 25, 2}, sums, 1e-12);
        // a batch pending since before the spread's sums keeps its three and gains the two
        double[] old = ValueEvidence.addRound(new double[] {5, 1, 4}, 3, 1, 6);
        assertArrayEquals(new double[] {8, 2, 10, 36, 1}, old, 1e-12);
    }

    /** One product whose every round sold once, at these values. */
    private static void addOneSaleRounds(ValueSpread spread, double... values) {
        double value = 0;
        double squares = 0;
        for (double v : values) {
            value += v;
            squares += v * v;
        }
        spread.add(values.length, value, squares, values.length);
    }
}
