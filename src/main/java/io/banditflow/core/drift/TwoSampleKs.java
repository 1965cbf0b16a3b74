package io.banditflow.core.drift;

import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;

/**
 * Two-sample Kolmogorov–Smirnov test, D = sup |F_R − F_C| with its two-sided p-value, from Apache
 * Commons Statistics: exact for small samples, asymptotic for large ones (the library's automatic
 * choice), with no random component, so the same samples always give the same answer.
 */
public final class TwoSampleKs {
    private static final KolmogorovSmirnovTest TEST = KolmogorovSmirnovTest.withDefaults();

    /** The statistic and p-value of one comparison. */
    public record Result(double statistic, double pValue) {}

    private TwoSampleKs() {}

    public static Result test(double[] reference, double[] current) {
        if (reference.length < 2 || current.length < 2) {
            throw new IllegalArgumentException("each sample needs at least two values");
        }
        KolmogorovSmirnovTest.TwoResult result = TEST.test(reference, current);
        return new Result(result.getStatistic(), result.getPValue());
    }
}
