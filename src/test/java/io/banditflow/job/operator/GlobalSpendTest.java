package io.banditflow.job.operator;

import static io.banditflow.testing.TestTime.H;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.banditflow.core.guard.BudgetPacer;
import io.banditflow.core.guard.RoundSpend;
import io.banditflow.core.reward.RoundOutcome;
import io.banditflow.core.round.RoundClock;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * The global spend operator paces: after each round with spend it steps λ, having first stepped it
 * down for the rounds in between that spent nothing.
 */
class GlobalSpendTest {
    private static final RoundClock CLOCK =
            new RoundClock(Duration.ofHours(6), 4, Duration.ofHours(12), Duration.ZERO);

    @Test
    void shouldStepLambdaWithEveryRoundsSpendAgainstAnEvenPlan() throws Exception {
        // 40 a day over 4 rounds: a plan of 10 a round; κ = 0.1 / 10 = 0.01 per unit of spend
        BudgetPacer pacer = BudgetPacer.even(40, 0.1, 4, 0);
        long r0 = 40_000;
        try (var harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new GlobalSpend(CLOCK, pacer, 40), (RoundOutcome o) -> 0, Types.INT)) {
            harness.processElement(new RoundOutcome("a", r0, 10, 5, 20.0, 0, 0), r0 * 6 * H);
            harness.processElement(new RoundOutcome("b", r0, 10, 5, 10.0, 0, 0), r0 * 6 * H);
            // round r0 + 1 spends nothing; r0 + 2 spends 25
            harness.processElement(
                    new RoundOutcome("a", r0 + 2, 10, 5, 25.0, 0, 0), (r0 + 2) * 6 * H);
            harness.processWatermark((r0 + 3) * 6 * H);
            List<PacingLevel> levels =
                    harness.getSideOutput(SideOutputs.PACING).stream()
                            .map(StreamRecord::getValue)
                            .toList();
            // 30 against 10: λ = 0.2; nothing against 10, then 25 against 10: 0.2 − 0.1 + 0.15
            assertEquals(2, levels.size());
            assertEquals(r0, levels.get(0).round());
            assertEquals(0.2, levels.get(0).lambda(), 1e-12);
            assertEquals(r0 + 2, levels.get(1).round());
            assertEquals(0.25, levels.get(1).lambda(), 1e-12);
        }
    }

    /** Overspend carried into the next day lowers its plan, and survives a restore. */
    @Test
    void shouldCarryOverspendIntoTheNextDaysPlanAcrossARestore() throws Exception {
        // 40 a day over 4 rounds, κ = 0.01, overspend paid back over 2 days
        BudgetPacer pacer = BudgetPacer.even(40, 0.1, 4, 2);
        long r0 = 40_000; // the first round of a UTC day
        OperatorSubtaskState snapshot;
        try (var harness = harness(pacer)) {
            harness.open();
            harness.processElement(spend(r0, 30), r0 * 6 * H);
            harness.processElement(spend(r0 + 1, 30), (r0 + 1) * 6 * H);
            // the day spent 60 of 40: 20 carried, a plan of (40 − 20 / 2) / 4 = 7.5 a round
            harness.processElement(spend(r0 + 4, 7.5), (r0 + 4) * 6 * H);
            harness.processWatermark((r0 + 5) * 6 * H);
            snapshot = harness.snapshot(1, 1);
        }
        try (var restored = harness(pacer)) {
            restored.initializeState(snapshot);
            restored.open();
            restored.processElement(spend(r0 + 5, 7.5), (r0 + 5) * 6 * H);
            restored.processWatermark((r0 + 6) * 6 * H);
            List<PacingLevel> levels =
                    restored.getSideOutput(SideOutputs.PACING).stream()
                            .map(StreamRecord::getValue)
                            .toList();
            // λ 0.2, 0.4 after day 0's rounds with spend, 0.3, 0.2 after its two without; then on
            // the lowered plan it holds (with the budget's plan of 10 it would fall to 0.175)
            assertEquals(List.of(r0 + 5), levels.stream().map(PacingLevel::round).toList());
            assertEquals(0.2, levels.get(0).lambda(), 1e-12);
        }
    }

    private static RoundOutcome spend(long round, double cost) {
        return new RoundOutcome("a", round, 10, 5, cost, 0, 0);
    }

    private static KeyedOneInputStreamOperatorTestHarness<Integer, RoundOutcome, RoundSpend>
            harness(BudgetPacer pacer) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new GlobalSpend(CLOCK, pacer, 40)),
                (RoundOutcome o) -> 0,
                Types.INT);
    }
}
