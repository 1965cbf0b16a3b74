package io.banditflow.core.landscape;

/**
 * How much more (or less) a click converts in each period of the day than over the whole day,
 * pooled over every product: r_h, by which a product's value per click v̂ is scaled in a round of
 * period h (docs/learners.md, "Value per click by period of the day"). A product's own sales are
 * too few to split over the periods (the problem the value × landscape learner exists to avoid),
 * but where shoppers buy more in the evening they do so for most products, so the ratio is learned
 * from all of them.
 *
 * <p>Per period, x_h = (N_h / C_h) / (N / C): its conversions per click against the day's. Each is
 * shrunk toward 1 by empirical Bayes with the spread between periods estimated from the data: τ² =
 * max(0, mean over h of (x_h − 1)² − s_h²), s_h² = 1 / (C_h · N / C) the Poisson noise of x_h, and
 * r_h = 1 + τ² / (τ² + s_h²) · (x_h − 1). Periods that differ no more than their noise get r = 1: a
 * flat market is left as it was (measured: within the draws' own noise on every flat scenario).
 */
public final class PeriodFactors {
    private PeriodFactors() {}

    /**
     * The factors of each period, or all 1 while there is nothing to tell them apart.
     *
     * @param clicks Σ clicks per period of the day (discounted as the value evidence is)
     * @param conversions Σ attributed conversions per period
     */
    public static double[] of(double[] clicks, double[] conversions) {
        int periods = clicks.length;
        double[] factors = new double[periods];
        java.util.Arrays.fill(factors, 1);
        double allClicks = 0;
        double allConversions = 0;
        for (int h = 0; h < periods; h++) {
            allClicks += clicks[h];
            allConversions += conversions[h];
        }
        if (!(allClicks > 0) || !(allConversions > 0)) {
            return factors;
        }
        double rate = allConversions / allClicks;
        double[] ratio = new double[periods];
        double[] noise = new double[periods];
        double spread = 0;
        double noiseSum = 0;
        int seen = 0;
        for (int h = 0; h < periods; h++) {
            if (clicks[h] > 0) {
                ratio[h] = conversions[h] / clicks[h] / rate;
                noise[h] = 1 / (clicks[h] * rate);
                spread += (ratio[h] - 1) * (ratio[h] - 1);
                noiseSum += noise[h];
                seen++;
            }
        }
        double between = seen > 1 ? Math.max(0, (spread - noiseSum) / seen) : 0;
        if (between == 0) {
            return factors;
        }
        for (int h = 0; h < periods; h++) {
            if (clicks[h] > 0) {
                factors[h] = 1 + between / (between + noise[h]) * (ratio[h] - 1);
            }
        }
        return factors;
    }
}
