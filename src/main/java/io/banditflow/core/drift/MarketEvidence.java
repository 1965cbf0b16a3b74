package io.banditflow.core.drift;

import java.util.Map;

/**
 * What a product's own monitor says of the metrics a market-wide alarm may name: from {@code
 * effectiveTime} on, the metrics (bits by {@link DriftMetric#ordinal()}) whose latest evaluation of
 * the product's residuals had a KS p-value below {@code drift.marketAlarmAlpha}. Sent to the policy
 * when it changes; read by {@link MarketAlarm}.
 */
public record MarketEvidence(String productId, long effectiveTime, int metrics) {

    /**
     * The product's evidence after one evaluation: the evaluated metrics' bits set where the KS
     * p-value is below {@code alpha} and cleared otherwise (a metric too thin to judge has no
     * evidence); the other stage's metrics as they were.
     */
    public static int after(
            int before, Map<DriftMetric, DriftEvaluation> evaluations, double alpha) {
        int metrics = before;
        for (Map.Entry<DriftMetric, DriftEvaluation> e : evaluations.entrySet()) {
            int bit = bitOf(e.getKey());
            double p = e.getValue().ksPValue();
            metrics = p < alpha ? metrics | bit : metrics & ~bit;
        }
        return metrics;
    }

    public static int bitOf(DriftMetric metric) {
        return 1 << metric.ordinal();
    }
}
