package io.banditflow.core.drift;

import io.banditflow.core.round.RoundClock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One scope's drift monitor, evaluated each round: for each metric of a stage it compares the
 * current window with the reference, combines the verdicts (any breach is a breach; otherwise any
 * clean verdict is clean; otherwise the data was too thin) and moves the scope's state.
 *
 * <p>After a breach the reference starts after it: recovery means the market has settled at its new
 * level. Judged against the days before the shift, a lasting shift would keep the scope at its
 * baseline until the reference window had wholly rolled past it (14 days by default), and would
 * alarm again right after a recovery. Until the post-breach reference spans a whole current window
 * the data counts as thin and the scope stays as it is; a breach in fallback starts the new
 * reference again.
 *
 * <p>Each round is evaluated twice: its traffic metrics when it ends, its conversion metrics when
 * it is final. Both evaluations count towards recovery.
 */
public final class DriftMonitor {
    /** A scope's per-round values of a metric, for rounds in [from, to), with their bids. */
    @FunctionalInterface
    public interface RoundValues {
        BidValues of(DriftMetric metric, long fromRound, long toRound) throws Exception;
    }

    /**
     * What one evaluation found: the signals to send, every metric's evaluation, and for a product
     * what the market-wide monitor pools of the judged round: for a metric that depends on the bid
     * its residual, when the product's model could judge it ({@link BidResiduals}); for one that
     * does not, its value.
     */
    public record Result(
            List<DriftSignal> signals,
            Map<DriftMetric, DriftEvaluation> evaluations,
            Map<DriftMetric, Double> marketWide) {}

    /** Current windows of a product's rounds its market-wide residuals are ranked against. */
    static final int MARKET_REFERENCE_WINDOWS = 5;

    private final String job;
    private final DriftDetector detector;
    private final DriftWindows windows;
    private final RoundClock clock;

    public DriftMonitor(
            String job, DriftDetector detector, DriftWindows windows, RoundClock clock) {
        this.job = job;
        this.detector = detector;
        this.windows = windows;
        this.clock = clock;
    }

    public DriftWindows windows() {
        return windows;
    }

    /** The event time at which a stage of a round is judged, and from which its signals apply. */
    public long evaluationTime(DriftMetric.Stage stage, long round) {
        return stage == DriftMetric.Stage.ROUND_END
                ? clock.roundEnd(round) - 1
                : clock.roundFinalTime(round);
    }

    /** The round whose stage is judged at {@code time}, or {@link Long#MIN_VALUE} if none. */
    public long roundJudgedAt(DriftMetric.Stage stage, long time) {
        long round =
                stage == DriftMetric.Stage.ROUND_END
                        ? clock.roundOf(time)
                        : clock.roundOf(time + 1 - clock.attributionMillis()) - 1;
        return evaluationTime(stage, round) == time ? round : Long.MIN_VALUE;
    }

    /**
     * Evaluates one stage of the round that just closed and updates the scope's state.
     *
     * @return one FALLBACK signal per breached metric, or a single RECOVER signal, or none; and the
     *     evaluations behind them
     */
    public Result evaluate(
            DriftScope scope,
            String productId,
            DriftMetric.Stage stage,
            long round,
            DriftState state,
            RoundValues values)
            throws Exception {
        long currentFrom = windows.currentFrom(round);
        long referenceFrom = referenceFrom(round, currentFrom, state);
        long time = evaluationTime(stage, round);
        List<DriftSignal> breaches = new ArrayList<>();
        Map<DriftMetric, DriftEvaluation> evaluations = new EnumMap<>(DriftMetric.class);
        Map<DriftMetric, Double> residuals = new EnumMap<>(DriftMetric.class);
        DriftEvaluation.Verdict combined = DriftEvaluation.Verdict.INSUFFICIENT_DATA;
        for (DriftMetric metric : DriftMetric.of(stage)) {
            BidValues reference = values.of(metric, referenceFrom, currentFrom);
            BidValues current = values.of(metric, currentFrom, round + 1);
            DriftEvaluation e;
            if (scope == DriftScope.PRODUCT) {
                BidResiduals model = BidResiduals.fit(reference, metric.dependsOnBid());
                e = detector.evaluate(model.residuals(reference), model.residuals(current));
                marketWide(metric, round, state, values).ifPresent(r -> residuals.put(metric, r));
            } else {
                e = detector.evaluate(reference.values(), current.values());
            }
            evaluations.put(metric, e);
            if (e.verdict() == DriftEvaluation.Verdict.BREACH) {
                combined = DriftEvaluation.Verdict.BREACH;
                breaches.add(breach(scope, productId, metric, referenceFrom, round, e, time));
            } else if (e.verdict() == DriftEvaluation.Verdict.CLEAN
                    && combined == DriftEvaluation.Verdict.INSUFFICIENT_DATA) {
                combined = DriftEvaluation.Verdict.CLEAN;
            }
        }
        DriftAction action = detector.advance(state, combined);
        if (combined == DriftEvaluation.Verdict.BREACH) {
            state.referenceFromRound = round + 1; // re-baseline from the latest breach on
        }
        if (action == DriftAction.RECOVER) {
            DriftMetric first =
                    DriftMetric.of(stage).stream()
                            .filter(
                                    m ->
                                            evaluations.get(m).verdict()
                                                    == DriftEvaluation.Verdict.CLEAN)
                            .findFirst()
                            .orElseThrow();
            return new Result(
                    List.of(
                            recovery(
                                    scope,
                                    productId,
                                    first,
                                    referenceFrom,
                                    round,
                                    evaluations.get(first),
                                    time)),
                    evaluations,
                    residuals);
        }
        return new Result(breaches, evaluations, residuals);
    }

    /**
     * What the market-wide monitor pools of the judged round's value: its residual when the metric
     * depends on the bid (if its bid has a model), else the value. The residual ranks the value
     * among the product's rounds at the same bid of the last {@link #MARKET_REFERENCE_WINDOWS}
     * current windows, not its whole reference: after a shift, a product whose own monitor has not
     * noticed it keeps its 14-day reference, and residuals against it stayed off for two weeks —
     * the market-wide monitor, re-based on them, never recovered within the 10 days measured. Nor
     * against rounds before the product's own latest breach: a product that saw the shift ranks its
     * rounds among the new market's at once, instead of among a mix that changes for days. Against
     * the last five days it recovers 7 days after competitors double their bids; against three, in
     * 5 days, but a bid's few rounds in three days left so few residuals that PSI's noise raised 4
     * market-wide false alarms where products moved their bids (DriftMeasurementTest). A metric
     * that does not depend on the bid pools its value: ranking buys nothing against bid changes,
     * and its sparse values (conversions per click are mostly 0) pool better raw.
     */
    private Optional<Double> marketWide(
            DriftMetric metric, long round, DriftState state, RoundValues values) throws Exception {
        BidValues judged = values.of(metric, round, round + 1);
        if (judged.size() == 0) {
            return Optional.empty();
        }
        double value = judged.values()[0];
        if (!metric.dependsOnBid()) {
            return Optional.of(value);
        }
        // a conversion stage judges rounds older than a traffic breach's re-based reference
        long from =
                Math.min(
                        round,
                        Math.max(
                                round - (long) MARKET_REFERENCE_WINDOWS * windows.currentRounds(),
                                state.referenceFromRound));
        BidResiduals recent = BidResiduals.fit(values.of(metric, from, round), true);
        double bid = judged.bids() == null ? Double.NaN : judged.bids()[0];
        double r = recent.residual(value, bid, judged.weight(0));
        return Double.isNaN(r) ? Optional.empty() : Optional.of(r);
    }

    /**
     * The first round of the reference window: the configured one, or the round after the latest
     * breach when that is later — but never less than the current window.
     */
    private long referenceFrom(long round, long currentFrom, DriftState state) {
        long referenceFrom = windows.referenceFrom(round);
        if (state.referenceFromRound > referenceFrom) {
            referenceFrom = state.referenceFromRound;
            // a reference shorter than the current window would compare parts of a day with a day
            if (currentFrom - referenceFrom < windows.currentRounds()) {
                referenceFrom = currentFrom;
            }
        }
        return referenceFrom;
    }

    /** The signal of a metric's breach: by KS when KS breached, else by PSI. */
    private DriftSignal breach(
            DriftScope scope,
            String productId,
            DriftMetric metric,
            long referenceFrom,
            long round,
            DriftEvaluation e,
            long time) {
        DriftPolicy policy = detector.policy();
        boolean ks = e.ksBreached(policy);
        return signal(
                scope,
                productId,
                metric,
                ks ? "ks" : "psi",
                ks ? e.ksStatistic() : e.psi(),
                ks ? policy.ksAlpha() : e.psiCritical(policy),
                ks ? e.ksPValue() : Double.NaN,
                referenceFrom,
                round,
                e,
                DriftAction.FALLBACK,
                time);
    }

    /** The signal of a recovery, named after the first clean metric. */
    private DriftSignal recovery(
            DriftScope scope,
            String productId,
            DriftMetric first,
            long referenceFrom,
            long round,
            DriftEvaluation clean,
            long time) {
        return signal(
                scope,
                productId,
                first,
                "clean-windows",
                detector.policy().recoveryWindows(),
                detector.policy().recoveryWindows(),
                Double.NaN,
                referenceFrom,
                round,
                clean,
                DriftAction.RECOVER,
                time);
    }

    private DriftSignal signal(
            DriftScope scope,
            String productId,
            DriftMetric metric,
            String statistic,
            double value,
            double threshold,
            double pValue,
            long referenceFrom,
            long round,
            DriftEvaluation e,
            DriftAction action,
            long time) {
        long currentFrom = windows.currentFrom(round);
        return new DriftSignal(
                DriftSignal.idOf(job, productId, metric, time),
                job,
                scope,
                productId,
                metric,
                statistic,
                value,
                threshold,
                pValue,
                clock.roundStart(referenceFrom),
                clock.roundStart(currentFrom),
                clock.roundStart(currentFrom),
                clock.roundEnd(round),
                e.referenceSize(),
                e.currentSize(),
                action,
                time);
    }
}
