package io.banditflow.core.drift;

/**
 * Judges a current window against a reference with PSI and two-sample KS, and moves a scope in and
 * out of fallback with hysteresis.
 *
 * <ul>
 *   <li>A breach (PSI ≥ threshold and ≥ the level sampling noise reaches with probability alpha at
 *       the windows' sizes, or KS p &lt; alpha with D ≥ its minimum) puts a scope in fallback at
 *       once.
 *   <li>Leaving fallback takes {@code recoveryWindows} clean evaluations in a row; a breach resets
 *       the count.
 *   <li>Thin data decides nothing: a statistic is judged only when both windows hold its minimum
 *       number of values (KS {@code minSamples}, PSI {@code psiMinSamples}). With neither judged,
 *       the state holds as it is (a scope in fallback stays there, a learning scope keeps learning)
 *       and the clean count does not advance.
 * </ul>
 *
 * <p>Order of use: {@link #evaluate} once per window, then {@link #advance} with the scope's state.
 */
public final class DriftDetector {
    private final DriftPolicy policy;

    public DriftDetector(DriftPolicy policy) {
        this.policy = policy;
    }

    public DriftPolicy policy() {
        return policy;
    }

    public DriftEvaluation evaluate(double[] reference, double[] current) {
        int smaller = Math.min(reference.length, current.length);
        double psi = Double.NaN;
        double psiNoise = 0;
        double ksStatistic = Double.NaN;
        double ksPValue = Double.NaN;
        boolean ksTies = false;
        if (smaller >= policy.psiMinSamples()) {
            PopulationStabilityIndex.Result p =
                    PopulationStabilityIndex.evaluate(reference, current);
            psi = p.psi();
            psiNoise =
                    PopulationStabilityIndex.noiseLevel(
                            p.bins(), reference.length, current.length, policy.ksAlpha());
        }
        if (smaller >= policy.minSamples()) {
            TwoSampleKs.Result ks = TwoSampleKs.test(reference, current);
            ksStatistic = ks.statistic();
            ksPValue = ks.pValue();
            ksTies = ks.significantTies();
        }
        DriftEvaluation e =
                new DriftEvaluation(
                        DriftEvaluation.Verdict.CLEAN,
                        psi,
                        ksStatistic,
                        ksPValue,
                        reference.length,
                        current.length,
                        psiNoise,
                        ksTies);
        if (Double.isNaN(psi) && Double.isNaN(ksPValue)) {
            return e.withVerdict(DriftEvaluation.Verdict.INSUFFICIENT_DATA);
        }
        return e.psiBreached(policy) || e.ksBreached(policy)
                ? e.withVerdict(DriftEvaluation.Verdict.BREACH)
                : e;
    }

    /**
     * Applies one evaluation's verdict to a scope's state.
     *
     * @return the action to signal, or null when the scope's mode does not change
     */
    public DriftAction advance(DriftState state, DriftEvaluation.Verdict verdict) {
        switch (verdict) {
            case BREACH -> {
                state.cleanWindows = 0;
                if (!state.inFallback) {
                    state.inFallback = true;
                    return DriftAction.FALLBACK;
                }
                return null;
            }
            case CLEAN -> {
                if (state.inFallback && ++state.cleanWindows >= policy.recoveryWindows()) {
                    state.inFallback = false;
                    state.cleanWindows = 0;
                    return DriftAction.RECOVER;
                }
                return null;
            }
            default -> {
                return null;
            }
        }
    }
}
