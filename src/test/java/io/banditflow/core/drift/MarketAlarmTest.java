package io.banditflow.core.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A market-wide alarm sends a product to its baseline only on its own evidence ({@link
 * MarketAlarm}).
 */
class MarketAlarmTest {
    private static final String CTR_ALARM =
            "CTR drift in all products: KS D=0.200, p=1e-09 < 0.001";
    private static final String CPC_ALARM = "CPC drift in all products: PSI 0.400 >= 0.250";

    private static final int CTR = MarketEvidence.bitOf(DriftMetric.CTR);
    private static final int CPC = MarketEvidence.bitOf(DriftMetric.CPC);

    private static Map<Long, String> global(Object... timeAndEntry) {
        Map<Long, String> timeline = new TreeMap<>();
        for (int i = 0; i < timeAndEntry.length; i += 2) {
            timeline.put(((Number) timeAndEntry[i]).longValue(), (String) timeAndEntry[i + 1]);
        }
        return timeline;
    }

    private static Map<Long, Integer> evidence(long... timeAndMetrics) {
        Map<Long, Integer> timeline = new TreeMap<>();
        for (int i = 0; i < timeAndMetrics.length; i += 2) {
            timeline.put(timeAndMetrics[i], (int) timeAndMetrics[i + 1]);
        }
        return timeline;
    }

    private static String at(Map<Long, String> global, Map<Long, Integer> evidence, long time) {
        return MarketAlarm.fallbackAt(global.entrySet(), evidence.entrySet(), time, true);
    }

    @Test
    void shouldLeaveAProductWithoutEvidenceLearning() {
        Map<Long, String> alarm = global(100, CTR_ALARM);
        assertNull(at(alarm, evidence(), 150));
        assertNull(
                at(alarm, evidence(50, CPC), 150), "evidence of a metric the alarm does not name");
        assertNull(at(global(), evidence(50, CTR), 150), "no alarm");
    }

    @Test
    void shouldSendEveryProductToTheBaselineWhenNotConfirming() {
        assertEquals(
                CTR_ALARM,
                MarketAlarm.fallbackAt(
                        global(100, CTR_ALARM).entrySet(), evidence().entrySet(), 150, false));
        assertNull(
                MarketAlarm.fallbackAt(
                        global(100, CTR_ALARM).entrySet(), evidence().entrySet(), 99, false));
    }

    @Test
    void shouldFollowFromTheProductsFirstEvidenceSinceTheAlarmBeganUntilTheMarketRecovers() {
        Map<Long, String> alarm = global(100, CTR_ALARM, 400, DriftTimeline.RECOVERED);
        Map<Long, Integer> own = evidence(50, 0, 200, CTR, 250, 0);
        assertNull(at(alarm, own, 150), "no evidence yet");
        String reason = at(alarm, own, 200);
        assertTrue(reason.startsWith(CTR_ALARM), reason);
        assertTrue(reason.contains("own residuals agree"), reason);
        assertTrue(at(alarm, own, 300).startsWith(CTR_ALARM), "evidence gone: it still follows");
        assertNull(at(alarm, own, 400), "the market recovered");
        assertTrue(
                at(alarm, evidence(90, CTR), 100).startsWith(CTR_ALARM),
                "evidence in force when the alarm began counts");
        assertNull(at(alarm, evidence(10, CTR, 90, 0), 150), "evidence that ended before it");
    }

    @Test
    void shouldNameEveryMetricOfTheAlarmSinceItBegan() {
        Map<Long, String> both = global(100, CTR_ALARM, 180, CPC_ALARM);
        assertTrue(at(both, evidence(150, CTR), 200).startsWith(CPC_ALARM));
        assertTrue(at(both, evidence(190, CPC), 200).startsWith(CPC_ALARM));
        DriftSignal ctr = signal(DriftMetric.CTR);
        DriftSignal cpc = signal(DriftMetric.CPC);
        String merged = DriftTimeline.merged(DriftTimeline.merged(null, ctr), cpc);
        assertEquals(CTR | CPC, DriftTimeline.metricsOf(merged), merged);
        assertEquals(merged, DriftTimeline.merged(merged, cpc), "a replayed signal is kept once");
        assertEquals(0, DriftTimeline.metricsOf(DriftTimeline.RECOVERED));
    }

    @Test
    void shouldKeepAnAlarmsEntriesUntilItEnds() {
        Map<Long, String> timeline =
                global(10, CPC_ALARM, 20, DriftTimeline.RECOVERED, 100, CTR_ALARM, 180, CPC_ALARM);
        assertEquals(List.of(10L), MarketAlarm.prunable(timeline.entrySet(), 200));
        Map<Long, Integer> own = evidence(10, CPC, 50, CTR, 120, 0, 150, CTR);
        assertEquals(
                List.of(10L),
                MarketAlarm.prunableEvidence(timeline.entrySet(), own.entrySet(), 200),
                "the evidence in force when the alarm began stays");
    }

    @Test
    void shouldSetAndClearTheEvaluatedMetricsOnly() {
        DriftEvaluation shifted = evaluation(1e-4);
        DriftEvaluation clean = evaluation(0.5);
        DriftEvaluation thin = evaluation(Double.NaN);
        int before = MarketEvidence.bitOf(DriftMetric.CONVERSION_RATE) | CPC;
        int after =
                MarketEvidence.after(
                        before,
                        Map.of(
                                DriftMetric.CTR,
                                shifted,
                                DriftMetric.CPC,
                                clean,
                                DriftMetric.MOBILE_SHARE,
                                thin),
                        0.01);
        assertEquals(MarketEvidence.bitOf(DriftMetric.CONVERSION_RATE) | CTR, after);
    }

    private static DriftEvaluation evaluation(double ksPValue) {
        return new DriftEvaluation(DriftEvaluation.Verdict.CLEAN, 0.01, 0.1, ksPValue, 100, 8);
    }

    private static DriftSignal signal(DriftMetric metric) {
        return new DriftSignal(
                "id",
                "job",
                DriftScope.GLOBAL,
                DriftScope.ALL_PRODUCTS,
                metric,
                "ks",
                0.2,
                0.001,
                1e-9,
                0,
                1,
                1,
                2,
                500,
                50,
                DriftAction.FALLBACK,
                100);
    }
}
