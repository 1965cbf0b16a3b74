package io.banditflow.core.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.util.Seeds;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

class BottomKSampleTest {
    @Test
    void shouldKeepTheLowestHashesWhateverTheOrder() {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            order.add(i);
        }
        BottomKSample forward = new BottomKSample(32);
        order.forEach(i -> forward.offer(Seeds.mix(i), i));
        Collections.shuffle(order, new Random(3));
        BottomKSample shuffled = new BottomKSample(32);
        order.forEach(i -> shuffled.offer(Seeds.mix(i), i));
        assertArrayEquals(forward.sample(), shuffled.sample());
        assertEquals(32, forward.size);

        long[] lowest = order.stream().mapToLong(i -> Seeds.mix(i)).sorted().limit(32).toArray();
        assertArrayEquals(lowest, forward.hashes);
    }

    @Test
    void shouldIgnoreAReplayedValue() {
        BottomKSample sample = new BottomKSample(4);
        sample.offer(7, 1.0);
        sample.offer(7, 1.0);
        sample.offer(3, 2.0);
        assertArrayEquals(new double[] {2.0, 1.0}, sample.sample());
    }

    /**
     * The documented error: a 256-value sample's distribution is within the DKW bound ε = 0.10 (δ =
     * 0.01) of the full population's, in at least 99% of independent samples.
     */
    @Test
    void shouldStayWithinTheDkwBoundOfThePopulation() {
        int k = 256;
        double epsilon = Math.sqrt(Math.log(2 / 0.01) / (2 * k));
        assertEquals(0.101, epsilon, 1e-3);
        SplittableRandom rng = new SplittableRandom(11);
        double[] population = new double[20_000];
        for (int i = 0; i < population.length; i++) {
            population[i] = Math.exp(rng.nextGaussian()); // skewed, like CPCs
        }
        KolmogorovSmirnovTest ks = KolmogorovSmirnovTest.withDefaults();
        int within = 0;
        int trials = 200;
        for (int salt = 0; salt < trials; salt++) {
            BottomKSample sample = new BottomKSample(k);
            for (int i = 0; i < population.length; i++) {
                sample.offer(Seeds.of(salt, "p" + i, 0), population[i]);
            }
            if (ks.statistic(sample.sample(), population) <= epsilon) {
                within++;
            }
        }
        assertTrue(within >= 0.99 * trials, within + " of " + trials + " within the bound");
    }
}
