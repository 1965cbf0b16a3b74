package io.banditflow.core.landscape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.banditflow.core.reward.DelayModel;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The population prior by the method of moments, against a hand computation. */
class ValuePoolTest {
    private static final ValuePrior FALLBACK = new ValuePrior(1, 19, 2, 1);

    /**
     * Four products of 100 clicks each with 1, 3, 5 and 7 sales: pooled rate m = 16 / 400 = 0.04;
     * observed rates 0.01, 0.03, 0.05, 0.07 with mean 0.04 and variance 0.0005; binomial noise m(1
     * − m) · mean(1/n) = 0.04 · 0.96 / 100 = 0.000384; between-product variance 0.000116; α + β =
     * 0.0384 / 0.000116 − 1 = 330.03…
     */
    @Test
    void shouldFitTheConversionRatePriorByTheMethodOfMoments() {
        ValuePool pool = new ValuePool();
        int[] sales = {1, 3, 5, 7};
        for (int s : sales) {
            pool.add(100, s, s * 5.0);
        }
        ValuePrior prior = pool.fit(4, 10_000, 2, FALLBACK);
        double rho = (0.2 / (0.04 * 0.96) - 3) / 300;
        double strength = 1 / rho - 1;
        assertEquals(strength, prior.alpha() + prior.beta(), 1e-6);
        assertEquals(0.04, prior.conversionRate(), 1e-12);
        assertEquals(5, prior.valuePerConversion(), 1e-12);
        assertEquals(2, prior.valueStrength());
    }

    @Test
    void shouldPoolAsStronglyAsAllowedWhenProductsDifferNoMoreThanTheirNoise() {
        ValuePool pool = new ValuePool();
        for (int i = 0; i < 5; i++) {
            pool.add(100, 4, 20);
        }
        ValuePrior prior = pool.fit(5, 500, 2, FALLBACK);
        assertEquals(500, prior.alpha() + prior.beta(), 1e-9);
    }

    @Test
    void shouldMergeSubtasksExactly() {
        ValuePool whole = new ValuePool();
        ValuePool first = new ValuePool();
        ValuePool second = new ValuePool();
        double[][] products = {{100, 1, 4}, {50, 3, 20}, {200, 5, 24}, {30, 0, 0}, {80, 2, 9}};
        for (int i = 0; i < products.length; i++) {
            whole.add(products[i][0], products[i][1], products[i][2]);
            (i % 2 == 0 ? first : second).add(products[i][0], products[i][1], products[i][2]);
        }
        assertEquals(
                whole.fit(5, 10_000, 2, FALLBACK), first.merge(second).fit(5, 10_000, 2, FALLBACK));
    }

    @Test
    void shouldFallBackWhileThePoolIsTooSmallOrHasNoSale() {
        ValuePool small = new ValuePool().add(100, 3, 10);
        assertSame(FALLBACK, small.fit(2, 1000, 2, FALLBACK));
        ValuePool noSale = new ValuePool().add(100, 0, 0).add(100, 0, 0);
        assertSame(FALLBACK, noSale.fit(2, 1000, 2, FALLBACK));
    }

    /** ρ̂ = (α + s) / (α + β + n), ŵ = (V + τw̄) / (s + τ): worked by hand. */
    @Test
    void shouldGiveTheProductsPosteriorValuePerClick() {
        ValuePrior prior = new ValuePrior(2, 48, 5, 2);
        // 150 clicks, 6 sales worth 42: ρ̂ = 8 / 200 = 0.04, ŵ = (42 + 10) / 8 = 6.5
        assertEquals(0.04 * 6.5, prior.valuePerClick(150, 6, 42), 1e-12);
        // no clicks yet: the population's value per click, 0.04 · 5
        assertEquals(0.2, prior.valuePerClick(0, 0, 0), 1e-12);
        double sd = Math.sqrt(0.04 * 0.96 / 201);
        assertEquals((0.04 + 2 * sd) * 6.5, prior.boundOfValuePerClick(150, 6, 42, 2), 1e-12);
    }

    /**
     * A category's delays are its own once it counts {@link ValuePools#MIN_DELAY_CONVERSIONS}, else
     * all products' (merged over every part), else none.
     */
    @Test
    void shouldTakeACategorysDelaysOnceItHasEnoughElseAllProducts() {
        long window = 48 * 3_600_000L;
        double[] fast = new double[DelayModel.BINS];
        fast[0] = 40; // shoes: every sale within the first hour
        double[] slow = new double[DelayModel.BINS];
        slow[DelayModel.BINS - 1] = 5; // hats: five sales in the last hour
        SortedMap<String, ValuePool> parts = new TreeMap<>();
        parts.put("shoes/0", new ValuePool().add(100, 4, 20).addDelays(fast));
        parts.put("hats/1", new ValuePool().add(100, 4, 20).addDelays(slow));
        ValuePools pools = ValuePools.of(parts);

        assertEquals(1, pools.delaysOf("shoes", window).arrivedShare(3_600_000L), 1e-12);
        DelayModel all = pools.delaysOf("hats", window);
        assertEquals(45, all.conversions(), 0);
        assertEquals(40.0 / 45, all.arrivedShare(3_600_000L), 1e-12);
        assertSame(null, ValuePools.of(new TreeMap<>()).delaysOf("shoes", window));
    }

    /** Two subtasks' period sums merge exactly and survive a part: the factors of their sum. */
    @Test
    void shouldMergePeriodSumsExactlyThroughParts() {
        ValuePool one = new ValuePool().addPeriods(new double[] {300, 200, 3, 9, 100, 50, 1, 2});
        ValuePool two = new ValuePool().addPeriods(new double[] {200, 300, 2, 6, 400, 450, 4, 13});
        ValuePool merged = ValuePool.of(one.merge(two).part("k/0", 0));
        org.junit.jupiter.api.Assertions.assertArrayEquals(
                PeriodFactors.of(new double[] {500, 500, 5, 15, 500, 500, 5, 15}),
                merged.periodFactors());
        assertEquals(null, new ValuePool().periodFactors());
    }

    /**
     * Every population's value per conversion shrinks with the strength all products' sales show.
     */
    @Test
    void shouldShrinkValuePerConversionWithTheStrengthOfAllProducts() {
        ValuePool pool = new ValuePool();
        for (int m = 10; m <= 14; m++) {
            double[] values = {m - 2, m + 2, m - 2, m + 2, m - 1, m + 1};
            double squares = 0;
            for (double v : values) {
                squares += v * v;
            }
            pool.add(100, 6, 6 * m).addSpread(6, 6 * m, squares, 6);
        }
        SortedMap<String, ValuePool> parts = new TreeMap<>();
        parts.put(ValueEvidence.poolKey("shoes", "p"), pool);
        ValuePools pools = ValuePools.of(parts);
        assertEquals(3.6 / 1.9, pools.priorOf(null).valueStrength(), 1e-9);
        assertEquals(3.6 / 1.9, pools.priorOf("shoes").valueStrength(), 1e-9);
    }
}
