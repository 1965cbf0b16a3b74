package io.banditflow.core.landscape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Value pooling in two phases: each pool key's part, then the merge, gives what one pool of every
 * product gives; the sums are discounted per batch as computed by hand; and the result does not
 * depend on the order the rounds came in.
 */
class ValueEvidenceTest {
    private final ValueEvidence evidence = new ValueEvidence();

    @Test
    void shouldKeyAProductByItsCategoryAndAShardOfItsId() {
        String key = ValueEvidence.poolKey("shoes", "p-17");
        assertEquals("shoes/" + Math.floorMod("p-17".hashCode(), ValueEvidence.SHARDS), key);
        assertEquals("shoes", ValueEvidence.categoryOf(key));
        assertNull(ValueEvidence.categoryOf(ValueEvidence.poolKey(null, "p-17")));
        assertEquals("a/b", ValueEvidence.categoryOf(ValueEvidence.poolKey("a/b", "p")));
    }

    /** 10 clicks, 1 sale worth 20 in batch 3; 4 clicks, 0 sales in batch 5: 10·0.99² + 4. */
    @Test
    void shouldDiscountOlderBatchesByTheirAge() {
        ProductValue first = evidence.add(null, 3, new double[] {10, 1, 20});
        ProductValue second = evidence.add(first, 5, new double[] {4, 0, 0});
        double factor = 0.99 * 0.99;
        assertEquals(10 * factor + 4, second.clicks, 1e-12);
        assertEquals(factor, second.conversions, 1e-12);
        assertEquals(20 * factor, second.value, 1e-12);
        assertEquals(5, second.batch);
        assertEquals(10, first.clicks, 0, "the older sums are not changed");
    }

    @Test
    void shouldMergeShardsIntoThePoolOfAllTheirProducts() {
        ValuePooling pooling = new ValuePooling();
        ValuePool whole = new ValuePool();
        ValuePool shoes = new ValuePool();
        Random random = new Random(7);
        for (int p = 0; p < 40; p++) {
            String category = p % 3 == 0 ? null : (p % 3 == 1 ? "shoes" : "hats");
            int clicks = 5 + random.nextInt(200);
            int sales = random.nextInt(1 + clicks / 20);
            double value = sales * (10 + random.nextInt(20));
            pooling.add(category, "p-" + p, clicks, sales, value, null);
            whole.add(clicks, sales, value);
            if ("shoes".equals(category)) {
                shoes.add(clicks, sales, value);
            }
        }
        pooling.close(1);
        ValuePools pools = pooling.pools();
        ValuePrior overall = whole.fit(5, 2_000, 2, null);
        assertPriorEquals(overall, pools.priorOf(null));
        assertPriorEquals(overall, pools.priorOf("unknown"));
        assertPriorEquals(shoes.fit(5, 2_000, 2, overall, overall, 10), pools.priorOf("shoes"));
    }

    /** Products in any order (each product's rounds in round order, as the job sends them). */
    @Test
    void shouldPoolExactlyTheSameWhateverTheOrderOfTheProducts() {
        List<List<double[]>> products = new ArrayList<>();
        Random random = new Random(11);
        for (int p = 0; p < 30; p++) {
            List<double[]> rounds = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                int clicks = random.nextInt(30);
                int sales = random.nextInt(1 + clicks / 10);
                rounds.add(new double[] {p, clicks, sales, sales * random.nextDouble() * 40});
            }
            products.add(rounds);
        }
        ValuePrior inOrder = pool(products).pools().priorOf(null);
        Collections.shuffle(products, new Random(3));
        ValuePrior shuffled = pool(products).pools().priorOf(null);
        assertEquals(inOrder, shuffled);
    }

    @Test
    void shouldKeepThePartInForceAndTheOnesToCome() {
        PooledValue early = part(100);
        PooledValue middle = part(200);
        PooledValue late = part(300);
        PooledValue[] timeline = PooledValue.with(null, late, 150);
        timeline = PooledValue.with(timeline, early, 150);
        timeline = PooledValue.with(timeline, middle, 150);
        assertArrayEquals(new PooledValue[] {early, middle, late}, timeline);
        assertEquals(early, PooledValue.at(timeline, 199));
        assertEquals(late, PooledValue.at(timeline, 300));
        assertNull(PooledValue.at(timeline, 99));
        timeline = PooledValue.with(timeline, part(400), 250);
        assertEquals(3, timeline.length, "the part superseded by the clock is dropped");
        assertEquals(middle, timeline[0]);
    }

    @Test
    void shouldDropAProductWhoseEvidenceHasFaded() {
        SortedMap<String, ProductValue> products = new TreeMap<>();
        products.put("gone", evidence.add(null, 0, new double[] {1, 0, 0}));
        products.put("here", evidence.add(null, 0, new double[] {500, 2, 10}));
        assertTrue(evidence.faded(products.entrySet(), 100).isEmpty());
        assertEquals(List.of("gone"), evidence.faded(products.entrySet(), 700));
    }

    /**
     * A batch folded in when mature and its rest when final ends as the whole batch folded in at
     * once: batch 3 shows 10 clicks and 1 sale worth 20 when mature and 2 sales worth 35 when
     * final, batch 4 (mature before batch 3 is final) 5 clicks: batch 3's rest is discounted as its
     * mature sums were, once.
     */
    @Test
    void shouldEndAsTheWholeBatchWhenItsRestComesAfterItMatured() {
        double[] mature = ValueEvidence.addRound(null, 10, 1, 20);
        double[] whole = ValueEvidence.addRound(null, 10, 2, 35);
        ProductValue split = evidence.add(null, 3, mature);
        split = evidence.add(split, 4, ValueEvidence.addRound(null, 5, 0, 0));
        split = evidence.addRest(split, 3, ValueEvidence.lessMature(whole, mature));

        ProductValue atOnce = evidence.add(evidence.add(null, 3, whole), 4, new double[] {5, 0, 0});
        assertEquals(atOnce.clicks, split.clicks, 1e-12);
        assertEquals(atOnce.conversions, split.conversions, 1e-12);
        assertEquals(atOnce.value, split.value, 1e-12);
        assertEquals(atOnce.roundSquares, split.roundSquares, 1e-12);
        assertEquals(atOnce.salesRounds, split.salesRounds, 1e-12);
        assertEquals(4, split.batch);
        // a product with nothing since: its rest is added as of the batch, as a final batch is
        ProductValue alone = evidence.addRest(null, 3, ValueEvidence.lessMature(whole, null));
        assertEquals(2, alone.conversions, 0);
    }

    /**
     * The simulation's pooling folds a batch's mature rounds at its mature time and the rest at its
     * final time, and then holds what folding the final rounds alone would: the job's pool parts
     * fold the same way ({@code SimulationEquivalenceITCase}). Six products, enough for a prior.
     */
    @Test
    void shouldPoolTheSameOnceAMaturedBatchIsFinal() {
        ValuePooling split = new ValuePooling();
        ValuePooling whole = new ValuePooling();
        for (int p = 0; p < 6; p++) {
            split.addMature("shoes", "p-" + p, 100 + 10 * p, p % 3, 20.0 * (p % 3));
        }
        split.close(-1, 7, 7);
        ValuePrior whenMature = split.pools().priorOf("shoes");
        for (int p = 0; p < 6; p++) {
            split.add("shoes", "p-" + p, 100 + 10 * p, p % 3 + 1, 20.0 * (p % 3) + 30, null);
            whole.add("shoes", "p-" + p, 100 + 10 * p, p % 3 + 1, 20.0 * (p % 3) + 30, null);
        }
        split.close(7, -1, 7);
        whole.close(7);

        assertTrue(whenMature != null, "pooled before the batch was final");
        assertTrue(whenMature.alpha() < split.pools().priorOf("shoes").alpha());
        assertPriorEquals(whole.pools().priorOf("shoes"), split.pools().priorOf("shoes"));
        assertPriorEquals(whole.pools().priorOf(null), split.pools().priorOf(null));
    }

    private static ValuePooling pool(List<List<double[]>> products) {
        ValuePooling pooling = new ValuePooling();
        for (List<double[]> rounds : products) {
            for (double[] r : rounds) {
                pooling.add(null, "p-" + (int) r[0], r[1], r[2], r[3], null);
            }
        }
        pooling.close(4);
        return pooling;
    }

    private static PooledValue part(long asOf) {
        return new PooledValue("k/0", asOf, 1, 10, 1, 5, 0.1, 100, null, null, null);
    }

    private static void assertPriorEquals(ValuePrior expected, ValuePrior actual) {
        assertEquals(expected.alpha(), actual.alpha(), 1e-9 * expected.alpha());
        assertEquals(expected.beta(), actual.beta(), 1e-9 * expected.beta());
        assertEquals(expected.valuePerConversion(), actual.valuePerConversion(), 1e-9);
    }

    /**
     * Period sums pooled over keys and batches into the halves of even and odd batches, discounted
     * as the value is: batches 0 and 1 each add 500 clicks with 5 sales in period 0 (the shoes'
     * key) and 500 with 15 in period 1 (the bags'); batch 2 has a round of the shoes' key only, so
     * only that key's sums are discounted to it (by 0.99 again), as its value sums are, and the
     * bags' part stays as of batch 1.
     */
    @Test
    void shouldPoolClicksAndSalesPerPeriodOfTheDayAcrossKeysAndBatches() {
        ValuePooling pooling = new ValuePooling(2);
        for (long batch = 0; batch < 2; batch++) {
            pooling.add("shoes", "p-1", 500, 5, 25, null);
            pooling.addPeriod("shoes", "p-1", 0, 500, 5);
            pooling.add("bags", "p-2", 500, 15, 75, null);
            pooling.addPeriod("bags", "p-2", 1, 500, 15);
            pooling.close(batch);
        }
        assertArrayEquals(
                PeriodFactors.of(new double[] {495, 495, 4.95, 14.85, 500, 500, 5, 15}),
                pooling.pools().periodFactors(),
                1e-12);
        pooling.add("shoes", "p-1", 500, 5, 25, null);
        pooling.addPeriod("shoes", "p-1", 0, 500, 5);
        pooling.close(2);
        assertArrayEquals(
                PeriodFactors.of(
                        new double[] {
                            500 * 0.99 * 0.99 + 500,
                            495,
                            5 * 0.99 * 0.99 + 5,
                            14.85,
                            495,
                            500,
                            4.95,
                            15
                        }),
                pooling.pools().periodFactors(),
                1e-12);
        assertEquals(null, new ValuePooling().pools().periodFactors());
    }
}
