package io.banditflow.core.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.banditflow.core.util.Seeds;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchExp3Test {
    private static final double EPS = 1e-12;

    @Test
    void shouldStartUniform() {
        BatchExp3 exp3 = new BatchExp3(4, new Exp3Parameters(0.3, 0.2, 0));
        assertArrayEquals(
                new double[] {0.25, 0.25, 0.25, 0.25},
                exp3.probabilities(exp3.initialScores()),
                EPS);
    }

    @Test
    void shouldApplyBatchUpdateAsHandComputed() {
        // K = 3, two rounds played under the uniform policy: arm 0 with X = 0.4, arm 2 with X = 1.
        // S_0 = (1 - 0.6 / (1/3)) + 1 = 0.2;  S_1 = 1 + 1 = 2;  S_2 = 1 + (1 - 0 / (1/3)) = 2.
        BatchExp3 exp3 = new BatchExp3(3, new Exp3Parameters(1.0, 0.1, 0));
        double[] scores = exp3.initialScores();
        List<PlayedRound> played =
                List.of(
                        new PlayedRound(10, 0, 0.1, 1.0 / 3, "d10"),
                        new PlayedRound(11, 2, 0.3, 1.0 / 3, "d11"));
        exp3.update(scores, played, new double[] {0.4, 1.0});
        assertArrayEquals(new double[] {0.2, 2.0, 2.0}, scores, EPS);
        // P_i = 0.9 exp(S_i - 2) / sum_j exp(S_j - 2) + 0.1 / 3, computed independently.
        assertArrayEquals(
                new double[] {0.10203932131895299, 0.44898033934052356, 0.44898033934052356},
                exp3.probabilities(scores),
                EPS);
    }

    @Test
    void shouldUseLoggedPropensityNotCurrentPolicy() {
        BatchExp3 exp3 = new BatchExp3(2, new Exp3Parameters(1.0, 0, 0));
        double[] scores = {5, 0}; // the current policy would give arm 1 almost nothing
        exp3.update(scores, List.of(new PlayedRound(0, 1, 0.2, 0.5, "d")), new double[] {0.0});
        assertArrayEquals(new double[] {6, 1 - 1 / 0.5}, scores, EPS);
    }

    @Test
    void shouldDampLossWithImplicitExploration() {
        BatchExp3 exp3 = new BatchExp3(3, new Exp3Parameters(1.0, 0, 0.1));
        double[] scores = exp3.initialScores();
        exp3.update(
                scores,
                List.of(
                        new PlayedRound(0, 0, 0.1, 1.0 / 3, "d"),
                        new PlayedRound(1, 1, 0.2, 1.0 / 3, "e")),
                new double[] {0.4, 1.0});
        assertEquals(0.6153846153846154, scores[0], EPS);
        assertEquals(2.0, scores[1], EPS);
        assertEquals(2.0, scores[2], EPS);
    }

    @Test
    void shouldStayFiniteForHugeScoreGaps() {
        BatchExp3 exp3 = new BatchExp3(3, new Exp3Parameters(10, 0.0, 0));
        double[] p = exp3.probabilities(new double[] {1e6, 0, -1e6});
        assertArrayEquals(new double[] {1, 0, 0}, p, EPS);
    }

    @Test
    void shouldRejectRewardsOutsideUnitInterval() {
        BatchExp3 exp3 = new BatchExp3(2, new Exp3Parameters(1, 0, 0));
        List<PlayedRound> played = List.of(new PlayedRound(0, 0, 0.1, 0.5, "d"));
        assertThrows(
                IllegalArgumentException.class,
                () -> exp3.update(new double[2], played, new double[] {1.5}));
    }

    @Test
    void shouldSampleDeterministicallyWithTheRightFrequencies() {
        double[] p = {0.2, 0.3, 0.5};
        int[] counts = new int[3];
        int n = 100_000;
        for (int round = 0; round < n; round++) {
            counts[BatchExp3.sample(p, Seeds.of(1, "product", round))]++;
        }
        for (int i = 0; i < 3; i++) {
            // 5 standard deviations of a binomial proportion at n = 100k is under 0.008.
            assertEquals(p[i], counts[i] / (double) n, 0.008);
        }
        assertEquals(
                BatchExp3.sample(p, Seeds.of(1, "x", 5)), BatchExp3.sample(p, Seeds.of(1, "x", 5)));
    }
}
