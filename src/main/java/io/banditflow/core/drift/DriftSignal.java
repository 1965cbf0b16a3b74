package io.banditflow.core.drift;

/**
 * A drift verdict that concerns the policy: a breach (action FALLBACK, the scope bids its baseline)
 * or the end of one (action RECOVER, after enough clean evaluations in a row). Windows are given as
 * epoch-millisecond ranges, end exclusive.
 *
 * @param productId the product, or {@link DriftScope#ALL_PRODUCTS} for the global scope
 * @param statistic {@code ks} or {@code psi} for a breach, {@code clean-windows} for a recovery
 * @param value the statistic's value (for a recovery: the clean evaluations counted)
 * @param threshold what the value was compared with (KS: alpha, against the p-value)
 * @param pValue the KS p-value, NaN for PSI and recoveries
 * @param effectiveTime event time from which the policy applies the action: when the judged window
 *     closed
 */
public record DriftSignal(
        String signalId,
        String job,
        DriftScope scope,
        String productId,
        DriftMetric metric,
        String statistic,
        double value,
        double threshold,
        double pValue,
        long referenceStart,
        long referenceEnd,
        long currentStart,
        long currentEnd,
        int referenceSize,
        int currentSize,
        DriftAction action,
        long effectiveTime) {

    /** One line for a decision's reason: what breached, in which scope. */
    public String summary() {
        String where = scope == DriftScope.GLOBAL ? "all products" : "product " + productId;
        return switch (statistic) {
            case "ks" ->
                    String.format(
                            java.util.Locale.ROOT,
                            "%s drift in %s: KS D=%.3f, p=%.2g < %.2g",
                            metric,
                            where,
                            value,
                            pValue,
                            threshold);
            case "psi" ->
                    String.format(
                            java.util.Locale.ROOT,
                            "%s drift in %s: PSI %.3f >= %.3f",
                            metric,
                            where,
                            value,
                            threshold);
            default -> "recovered in " + where;
        };
    }

    public static String idOf(String job, String productId, DriftMetric metric, long time) {
        return job
                + "/"
                + productId
                + "/"
                + metric.name().toLowerCase(java.util.Locale.ROOT)
                + "/"
                + time;
    }
}
