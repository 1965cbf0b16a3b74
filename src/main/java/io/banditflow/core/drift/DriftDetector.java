package io.banditflow.core.drift;

/**
 * Judges a current window against a reference with PSI and two-sample KS, and moves a scope in and
 * out of fallback with hysteresis.
 *
 * <ul>
 *   <li>A breach (PSI ≥ threshold or KS p &lt; alpha) puts a scope in fallback at once.
 *   <li>Leaving fallback takes {@code recoveryWindows} clean windows in a row; a breach resets the
 *       count.
 *   <li>Thin data decides nothing: below {@code minSamples} in either window the state holds as it
 *       is (a scope in fallback stays there, a learning scope keeps learning) and the clean count
 *       does not advance.
 * </ul>
 *
 * <p>Order of use: {@link #evaluate} once per window, then {@link #advance} with the scope's state.
 */
public final class DriftDetector {
    private final DriftPolicy policy;

    public DriftDetector(DriftPolicy policy) {
        this.policy = policy;
    }

    public DriftEvaluation evaluate(double[] reference, double[] current) {
        if (reference.length < policy.minSamples() || current.length < policy.minSamples()) {
            return new DriftEvaluation(
                    DriftEvaluation.Verdict.INSUFFICIENT_DATA,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    reference.length,
                    current.length);
        }
        double psi = PopulationStabilityIndex.of(reference, current);
        TwoSampleKs.Result ks = TwoSampleKs.test(reference, current);
        boolean breach = psi >= policy.psiThreshold() || ks.pValue() < policy.ksAlpha();
        return new DriftEvaluation(
                breach ? DriftEvaluation.Verdict.BREACH : DriftEvaluation.Verdict.CLEAN,
                psi,
                ks.statistic(),
                ks.pValue(),
                reference.length,
                current.length);
    }

    /**
     * Applies one evaluation to a scope's state.
     *
     * @return the action to signal, or null when the scope's mode does not change
     */
    public DriftAction advance(DriftState state, DriftEvaluation evaluation) {
        switch (evaluation.verdict()) {
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
