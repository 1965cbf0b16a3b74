package io.banditflow.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The estimators against values worked out by hand on a four-round log. */
class OffPolicyEstimatorsTest {
    // uniform logging over two actions; the candidate plays action 0 with 0.8
    private static final List<LoggedFeedback> LOGS =
            List.of(
                    new LoggedFeedback(0, 0, 1, 0.5),
                    new LoggedFeedback(0, 0, 1, 0.5),
                    new LoggedFeedback(1, 0, 0, 0.5),
                    new LoggedFeedback(0, 0, 0, 0.5));
    private static final ActionDistribution CANDIDATE = (a, k) -> a == 0 ? 0.8 : 0.2;

    @Test
    void shouldMatchHandComputedValues() {
        // w = 1.6, 1.6, 0.4, 1.6; r·w = 1.6, 1.6, 0, 0
        Estimate ips = OffPolicyEstimators.ips(LOGS, CANDIDATE);
        assertEquals(0.8, ips.value(), 1e-12);
        // sample variance of the terms 4 · 0.64 / 3, standard error √(0.8533 / 4) = 0.46188: the
        // normal interval 0.8 ± 0.905 leaves the rewards' range [0, 1] and is clipped to it
        assertEquals(0, ips.lower(), 0);
        assertEquals(1, ips.upper(), 0);
        assertFalse(ips.reliable(), "ESS 3.3: a few rounds carry it");
        assertEquals(5.2 * 5.2 / (3 * 2.56 + 0.16), ips.effectiveSampleSize(), 1e-12);

        assertEquals(3.2 / 5.2, OffPolicyEstimators.snips(LOGS, CANDIDATE).value(), 1e-12);

        // r̂(0) = 2/3, r̂(1) = 0: DM = 0.8 · 2/3; the DR correction 1.6 (1/3 + 1/3 − 2/3) is 0
        RewardModel model = RewardModel.fit(LOGS, 2, 1, 0);
        assertEquals(0.8 * 2 / 3, OffPolicyEstimators.dm(LOGS, CANDIDATE, model, 2).value(), 1e-12);
        assertEquals(0.8 * 2 / 3, OffPolicyEstimators.dr(LOGS, CANDIDATE, model, 2).value(), 1e-12);

        // the logging policy evaluated on its own logs: IPS is the plain mean
        assertEquals(0.5, OffPolicyEstimators.ips(LOGS, (a, k) -> 0.5).value(), 1e-12);
        assertEquals(0.5, OffPolicyEstimators.onPolicy(LOGS).value(), 1e-12);
    }

    @Test
    void shouldShrinkTheRewardModelTowardsTheOverallMean() {
        RewardModel model = RewardModel.fit(LOGS, 2, 1, 2);
        // action 1: (0 + 2 · 0.5) / (1 + 2); action 0: (2 + 2 · 0.5) / (3 + 2)
        assertEquals(1.0 / 3, model.predict(1, 0), 1e-12);
        assertEquals(3.0 / 5, model.predict(0, 0), 1e-12);
    }

    /** Inside the rewards' range the interval is the normal one, by hand. */
    @Test
    void shouldKeepANormalIntervalInsideTheRewardsRange() {
        List<LoggedFeedback> logs = new java.util.ArrayList<>();
        for (int i = 0; i < 25; i++) {
            logs.addAll(LOGS);
        }
        Estimate ips = OffPolicyEstimators.ips(logs, CANDIDATE);
        // terms: 50 × 1.6 and 50 × 0 (the 0.4-weighted rounds earned 0): variance 64 / 99
        double se = Math.sqrt(64.0 / 99 / 100);
        assertEquals(0.8 - 1.959963984540054 * se, ips.lower(), 1e-12);
        assertEquals(0.8 + 1.959963984540054 * se, ips.upper(), 1e-12);
        assertTrue(ips.reliable());
    }
}
