package io.banditflow.core.landscape;

/**
 * How much more (or less) a click converts in each period of the day than over the whole day,
 * pooled over every product: r_h, by which a product's value per click v̂ is scaled in a round of
 * period h (docs/learners.md, "Value per click by period of the day"). A product's own sales are
 * too few to split over the periods (the problem the value × landscape learner exists to avoid),
 * but where shoppers buy more in the evening they do so for most products, so the ratio is learned
 * from all of them.
 *
 * <p>The sums come in two halves, the batches of even and of odd number ({@link #sums}), so that
 * the spread between periods is measured by what the two halves agree on, not by a noise model. Per
 * period, x_h = (N_h / C_h) / (N / C), its conversions per click against the day's, in each half
 * (x_h^A, x_h^B) and in both. Then:
 *
 * <ul>
 *   <li>τ² = max(0, mean over h of (x_h^A − 1)(x_h^B − 1) − 2 standard errors of that mean): the
 *       two halves' noise is independent, so the product's mean is the spread between periods
 *       alone, however over-dispersed the conversions are; less two standard errors ({@link
 *       #AGREEMENT_ERRORS}) because eight periods' mean is itself noisy in the first days. Measured
 *       on a flat market (2026-12-05), a Poisson noise model (τ² = mean (x_h − 1)² − 1/(C_h·N/C))
 *       read ±15–19% factors into a flat day: products that convert ten times as often as others
 *       click in different shares by period;
 *   <li>φ = max(1, mean over h of (x_h^A − x_h^B)² / (s_h^A² + s_h^B²)), s² = 1 / (C·N/C): how much
 *       noisier x_h is than Poisson, from the halves' disagreement;
 *   <li>r_h = 1 + τ² / (τ² + φ·s_h²) · (x_h − 1), with s_h² = 1 / (C_h · N / C): each period shrunk
 *       toward 1 by its own noise.
 * </ul>
 *
 * Periods that do not differ beyond what the halves disagree on get r = 1: a flat market stays as
 * it was.
 */
public final class PeriodFactors {
    /**
     * How many standard errors of the halves' agreement τ² is taken below its mean: a spread
     * between periods is used only when the halves agree on it that clearly. Measured (2026-12-05,
     * 5 seeds × 3 mechanisms): with 0 the first days' few sales read factors of 0.4 to 1.8 into a
     * flat market; with 1 flat markets lost up to 0.7 points; with 2 they are within 0.5 of no
     * factors while the seasonal market keeps +1.0 to +2.9 (docs/learners.md).
     */
    static final double AGREEMENT_ERRORS = 2;

    private PeriodFactors() {}

    /** Where each half's sums of P periods start: clicks at {@code half·2P}, conversions at + P. */
    public static int offset(int half, int periods) {
        return 2 * periods * half;
    }

    /** How many sums P periods take: clicks and conversions of two halves. */
    public static int sums(int periods) {
        return 4 * periods;
    }

    /**
     * {@code batchSums} (a batch's P clicks, then P conversions; a new array when null) with one
     * round's {@code clicks} and {@code conversions} added in its {@code period}.
     */
    public static double[] addRound(
            double[] batchSums, int periods, int period, double clicks, double conversions) {
        double[] sums = batchSums == null ? new double[2 * periods] : batchSums;
        sums[period] += clicks;
        sums[periods + period] += conversions;
        return sums;
    }

    /**
     * The factors of each period, or all 1 while there is nothing to tell them apart.
     *
     * @param sums Σ clicks per period, then Σ attributed conversions per period, of the batches of
     *     even number; then the same of the odd ones (discounted as the value evidence is): {@link
     *     #sums}(P) values
     */
    public static double[] of(double[] sums) {
        int periods = sums.length / 4;
        double[] factors = new double[periods];
        java.util.Arrays.fill(factors, 1);
        Half a = new Half(sums, 0, periods);
        Half b = new Half(sums, offset(1, periods), periods);
        double[] agreement = new double[periods];
        double dispersion = 0;
        int both = 0;
        for (int h = 0; h < periods; h++) {
            if (a.knows(h) && b.knows(h)) {
                agreement[both] = (a.ratio(h) - 1) * (b.ratio(h) - 1);
                double difference = a.ratio(h) - b.ratio(h);
                dispersion += difference * difference / (a.noise(h) + b.noise(h));
                both++;
            }
        }
        double between = both > 1 ? Math.max(0, lowerBound(agreement, both)) : 0;
        if (between == 0) {
            return factors;
        }
        double overdispersion = Math.max(1, dispersion / both);
        double clicks = a.clicks + b.clicks;
        double rate = (a.conversions + b.conversions) / clicks;
        for (int h = 0; h < periods; h++) {
            double periodClicks = sums[h] + sums[offset(1, periods) + h];
            if (periodClicks > 0) {
                double periodConversions =
                        sums[periods + h] + sums[offset(1, periods) + periods + h];
                double ratio = periodConversions / periodClicks / rate;
                double noise = overdispersion / (periodClicks * rate);
                factors[h] = 1 + between / (between + noise) * (ratio - 1);
            }
        }
        return factors;
    }

    /** The mean of the first {@code n} values less {@link #AGREEMENT_ERRORS} standard errors. */
    private static double lowerBound(double[] values, int n) {
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += values[i] / n;
        }
        double squares = 0;
        for (int i = 0; i < n; i++) {
            squares += (values[i] - mean) * (values[i] - mean);
        }
        return mean - AGREEMENT_ERRORS * Math.sqrt(squares / (n * (n - 1.0)));
    }

    /** One half's sums: its day's conversions per click, and each period's against it. */
    private static final class Half {
        private final double[] sums;
        private final int from;
        private final int periods;
        private final double clicks;
        private final double conversions;

        Half(double[] sums, int from, int periods) {
            this.sums = sums;
            this.from = from;
            this.periods = periods;
            double c = 0;
            double n = 0;
            for (int h = 0; h < periods; h++) {
                c += sums[from + h];
                n += sums[from + periods + h];
            }
            this.clicks = c;
            this.conversions = n;
        }

        /** Whether period h has clicks, and the half conversions: x_h is defined. */
        boolean knows(int h) {
            return sums[from + h] > 0 && conversions > 0;
        }

        /** x_h: the period's conversions per click against the half's day. */
        double ratio(int h) {
            return sums[from + periods + h] / sums[from + h] / (conversions / clicks);
        }

        /** s_h²: x_h's Poisson variance, 1 / (C_h · N / C). */
        double noise(int h) {
            return 1 / (sums[from + h] * conversions / clicks);
        }
    }
}
