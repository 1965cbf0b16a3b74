package io.banditflow.core.sim;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.guard.BudgetPacer;
import io.banditflow.core.round.RoundClock;
import io.banditflow.harness.JobFiles;
import io.banditflow.job.config.JobConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A paced closed loop keeps to its budget: with half the spend the learners would make unpaced as
 * the daily budget, the paced run spends about the budget and far less than the unpaced one — by λ
 * for value-landscape (the hard cap lets the round under way and the one that crosses it through),
 * by λ and the throttle for Batch EXP3.
 */
class PacedSimulationTest {
    private static final int DAYS = 10;

    /** What a paced run spent a day, against its budget: half the unpaced run's spend a day. */
    private record Paced(double perDay, double budget, double lambda) {}

    private static Paced paced(JobConfig job) {
        RoundClock clock = job.clock();
        long first = clock.roundOf(java.time.Instant.parse("2025-03-01T00:00:00Z").toEpochMilli());
        MarketScenario market = SimulationScenario.BUDGET.market(30, 3, clock, first, DAYS);
        ClosedLoopSimulation unpaced = loop(job, market);
        unpaced.run(first, DAYS * clock.periodsPerDay());
        double budget = 0.5 * unpaced.spend() / DAYS;
        BudgetPacer pacer =
                BudgetPacer.even(
                        budget,
                        job.pacing().stepPerPlannedRound(),
                        clock.periodsPerDay(),
                        job.pacing().repayDays());
        ClosedLoopSimulation paced = loop(job, market).pacing(pacer, job.bidGrid()[0]);
        paced.run(first, DAYS * clock.periodsPerDay());
        return new Paced(paced.spend() / DAYS, budget, pacer.lambda());
    }

    @Test
    void shouldSpendAboutTheBudgetWhenPaced() throws Exception {
        JobConfig job = JobConfig.parse(Files.readString(Path.of("jobs/sponsored-search.yaml")));
        assertTrue(job.policy().pacedAsItDecides(), "value-landscape: not throttled");
        Paced run = paced(job);
        assertTrue(run.perDay() < 1.25 * run.budget(), run.toString());
        assertTrue(run.perDay() > 0.6 * run.budget(), "the budget is used: " + run);
        assertTrue(run.lambda() >= 0);
    }

    /**
     * Batch EXP3's bids follow λ only through what it learns, so the cap is throttled for it (as in
     * the job): unthrottled it spent 37–43% over the budget (docs/evaluation.md, "Budget").
     */
    @Test
    void shouldHoldABudgetThrottledForALearnerNotPacedAsItDecides() throws Exception {
        JobConfig job =
                JobFiles.withAlgorithm(
                        Files.readString(Path.of("jobs/sponsored-search.yaml")), "batch-exp3");
        assertFalse(job.policy().pacedAsItDecides());
        Paced run = paced(job);
        assertTrue(run.perDay() < 1.1 * run.budget(), run.toString());
        assertTrue(run.perDay() > 0.8 * run.budget(), "the budget is used: " + run);
    }

    private static ClosedLoopSimulation loop(JobConfig job, MarketScenario market) {
        return new ClosedLoopSimulation(
                        new MarketSimulator(market, 3),
                        job.policy(),
                        job.trafficProfile(),
                        job.contextFeatures())
                .activatingOnFirstEvent(job.baselineBid());
    }
}
