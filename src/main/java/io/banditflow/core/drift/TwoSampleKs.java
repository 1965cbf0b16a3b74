package io.banditflow.core.drift;

import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;

/**
 * Two-sample Kolmogorov–Smirnov test, D = sup |F_R − F_C| with its two-sided p-value, from Apache
 * Commons Statistics: exact for small samples, asymptotic for large ones (the library's automatic
 * choice), with no random component, so the same samples always give the same answer.
 *
 * <p><strong>Ties.</strong> Discrete metrics tie (a round without a click has CTR 0; residuals of
 * equal values share a rank). D is then the largest gap between the two empirical distribution
 * functions at the values that occur — each tied region taken whole, the standard statistic for
 * discrete data — and its p-value is the one D would have for continuous data. For discrete data
 * that p-value is conservative: D's null distribution with ties is stochastically smaller than
 * without, so p is at least the exact one and a breach at p &lt; α happens at most as often as α
 * says (DriftStatisticsTest measures it on Poisson counts). The library also flags when some
 * ordering of the tied values would give a larger D ({@link Result#significantTies}); that larger D
 * is not a statistic of the data, only of one way to break its ties, and is not used to judge.
 */
public final class TwoSampleKs {
    private static final KolmogorovSmirnovTest TEST = KolmogorovSmirnovTest.withDefaults();

    /**
     * The statistic and p-value of one comparison.
     *
     * @param significantTies whether ties between the samples lie where breaking them one way would
     *     give a larger D (the p-value is conservative then)
     */
    public record Result(double statistic, double pValue, boolean significantTies) {}

    private TwoSampleKs() {}

    public static Result test(double[] reference, double[] current) {
        if (reference.length < 2 || current.length < 2) {
            throw new IllegalArgumentException("each sample needs at least two values");
        }
        KolmogorovSmirnovTest.TwoResult result = TEST.test(reference, current);
        return new Result(result.getStatistic(), result.getPValue(), result.hasSignificantTies());
    }
}
