package io.banditflow.harness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.eval.DecisionLog;
import io.banditflow.core.event.EventParser;
import io.banditflow.core.event.EventType;
import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.event.ParseResult;
import io.banditflow.core.policy.Decision;
import io.banditflow.core.policy.DecisionJson;
import io.banditflow.core.sim.AuctionMechanism;
import io.banditflow.core.sim.SimulationScenario;
import io.banditflow.job.config.JobConfig;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulate command's run and report on a small market: the CSV holds every round of every
 * policy and adds up to the summary, the report shows plots that are real PNG files, the best fixed
 * bid has no regret, and the same seed gives the same results.
 */
class SimulateTest {
    private static final int PRODUCTS = 6;
    private static final int DAYS = 3;

    @TempDir Path dir;

    private static SimulationRun.Result run(SimulationScenario scenario) throws IOException {
        return run(scenario, null);
    }

    private static SimulationRun.Result run(SimulationScenario scenario, Path logs)
            throws IOException {
        return run(scenario, logs, List.of("batch-exp3", "epsilon-greedy"), DAYS);
    }

    private static SimulationRun.Result run(
            SimulationScenario scenario, Path logs, List<String> learners, int days)
            throws IOException {
        String jobFile = Files.readString(Path.of("jobs/sponsored-search.yaml"));
        return SimulationRun.run(
                jobFile,
                scenario,
                learners,
                PRODUCTS,
                days,
                7,
                Simulate.FIRST_ROUND_TIME / (3 * 3_600_000L),
                1,
                logs,
                Duration.ofHours(12),
                AuctionMechanism.SECOND_PRICE,
                SimulationRun.Progress.to(System.err, false));
    }

    @Test
    void shouldWriteEveryRoundOfEveryPolicyAndAReportWithItsPlots() throws Exception {
        SimulationRun.Result result = run(SimulationScenario.SHIFT);
        List<SimulationReport.Summary> summaries =
                SimulationReport.write(result, dir, "simulate --test");

        int rounds = DAYS * 8;
        List<String> csv = Files.readAllLines(dir.resolve("rounds.csv"));
        assertEquals(
                1 + 5 * rounds,
                csv.size(),
                "header, then baseline, best fixed, best per round, 2 learners");
        for (SimulationReport.Summary summary : summaries) {
            String policy =
                    switch (summary.policy()) {
                        case "baseline bid" -> "baseline";
                        case "best fixed bid (hindsight)" -> "best-fixed";
                        case "best bid per round (hindsight)" -> "best-per-round";
                        default -> summary.policy();
                    };
            double total =
                    csv.stream()
                            .skip(1)
                            .map(line -> line.split(","))
                            .filter(cells -> cells[1].equals(policy))
                            .mapToDouble(cells -> Double.parseDouble(cells[5]))
                            .sum();
            assertEquals(summary.total(), total, 1e-3, policy);
        }
        assertEquals(0, summaries.get(1).regret(), 1e-9, "the best fixed bid has no regret");
        assertTrue(summaries.get(1).total() >= summaries.get(0).total());
        for (int t = 0; t < rounds; t++) {
            assertTrue(
                    result.bestPerRound()[t] >= result.bestFixed()[t] - 1e-9,
                    "no fixed bid beats each round's best bid, round " + t);
        }

        String report = Files.readString(dir.resolve("report.md"));
        Matcher images = Pattern.compile("!\\[[^]]*]\\(([^)]+\\.png)\\)").matcher(report);
        int count = 0;
        while (images.find()) {
            BufferedImage image = ImageIO.read(dir.resolve(images.group(1)).toFile());
            assertNotNull(image, images.group(1) + " is a PNG");
            assertTrue(image.getWidth() > 100);
            count++;
        }
        assertEquals(2 + 2, count, "profit, regret, a bid heat map per learner");
    }

    /**
     * Where shoppers buy more in the evening the best bid moves with the hour, so each round's best
     * bid earns more than any one bid held all day: the report's ceiling above the best fixed bid.
     */
    @Test
    void shouldReportEachRoundsBestBidAboveTheBestFixedBidWhereTheBestBidMovesWithTheHour()
            throws Exception {
        SimulationRun.Result result = run(SimulationScenario.SEASONAL);
        List<SimulationReport.Summary> summaries = SimulationReport.summaries(result);

        assertEquals("best bid per round (hindsight)", summaries.get(2).policy());
        assertTrue(
                summaries.get(2).total() > summaries.get(1).total() * 1.001,
                summaries.get(2).total() + " against " + summaries.get(1).total());
        assertTrue(
                Files.readString(writeReport(result))
                        .contains("| best bid per round (hindsight) |"));
    }

    /**
     * A learner that pools value per click shows the factors by period it pooled beside the
     * market's conversion multipliers (the seasonal market's: 1 + 0.5·cos of the hour against
     * 21:00) once a batch was final (5 days: the attribution window is 2); the scalar learners pool
     * none, and their report has no such section.
     */
    @Test
    void shouldReportThePooledFactorsByPeriodBesideTheMarketsMultipliers() throws Exception {
        SimulationRun.Result result =
                run(SimulationScenario.SEASONAL, null, List.of("value-landscape"), 5);
        String report = Files.readString(writeReport(result));
        double evening = 1 + 0.5 * Math.cos(2 * Math.PI * (19.5 - 21) / 24);
        assertTrue(report.contains("## Value per click by period of the day"), report);
        assertTrue(
                report.contains(
                        String.format(
                                Locale.ROOT,
                                "| market | 1.19 | 0.81 | 0.54 | 0.54 | 0.81 | 1.19 | %.2f |",
                                evening)),
                report);
        Matcher row =
                Pattern.compile("\\| learned by value-landscape \\|( [0-9.]+ \\|){8}\n")
                        .matcher(report);
        assertTrue(row.find(), report);
        assertEquals(8, result.learners().get(0).periodFactors().length);

        assertEquals("", SimulationReport.periodFactors(run(SimulationScenario.SEASONAL)));
    }

    /**
     * With a budget the report shows each day's spend against it and how far the spend since the
     * start ran above budget × days: a pacer that pays overspend back keeps the run's total within
     * the budget while days go over it, which the total alone hides.
     */
    @Test
    void shouldReportTheSpendOfEachDayAgainstTheBudget() throws Exception {
        SimulationRun.Result result =
                run(SimulationScenario.BUDGET, null, List.of("value-landscape"), DAYS);
        SimulationRun.LearnerResult learner = result.learners().get(0);
        double[] days = learner.spendByDay();
        assertEquals(DAYS, days.length);
        assertEquals(learner.spend(), Arrays.stream(days).sum(), 1e-9);
        double budget = result.dailyBudget();
        String section = SimulationReport.spendByDay(result);
        double excess = 0;
        for (int d = 0; d < DAYS; d++) {
            excess += (days[d] - budget) / budget;
            String row =
                    String.format(
                            Locale.ROOT,
                            "| %d | %+.0f%% (%.2f) |",
                            d + 1,
                            100 * (days[d] / budget - 1),
                            excess);
            assertTrue(section.contains(row), row + " in " + section);
        }
        assertTrue(
                section.contains(
                        String.format(
                                Locale.ROOT,
                                "%+.1f%% |",
                                100 * (learner.spend() / (budget * DAYS) - 1))),
                section);
        assertTrue(Files.readString(writeReport(result)).contains(section));

        assertEquals("", SimulationReport.spendByDay(run(SimulationScenario.STATIONARY)));
    }

    private Path writeReport(SimulationRun.Result result) throws IOException {
        SimulationReport.write(result, dir, "simulate --test");
        return dir.resolve("report.md");
    }

    /**
     * The products the shift moved are measured after it against their best fixed bids over the
     * rounds from the shift on: at least what the baseline bid (a bid of the grid) earns them
     * there.
     */
    @Test
    void shouldMeasureTheDaysAfterAnAbruptShiftAgainstTheShiftedMarketsBestFixedBids()
            throws Exception {
        SimulationRun.Result result = run(SimulationScenario.SHIFT);
        assertNotNull(result.shiftRound());
        int from = (int) (result.shiftRound() - result.firstRound());
        assertTrue(from > 0 && from < result.rounds(), "the shift is within the run: " + from);
        double best = 0;
        double baseline = 0;
        for (int t = 0; t < result.rounds(); t++) {
            if (t < from) {
                assertEquals(0, result.bestFixedAfterShift()[t]);
            } else {
                best += result.bestFixedAfterShift()[t];
                baseline += result.shiftedBaseline()[t];
            }
        }
        assertTrue(best > 0 && best >= baseline - 1e-9, best + " against " + baseline);
        double[] all = result.baseline();
        assertTrue(
                Arrays.stream(result.shiftedBaseline()).sum() < Arrays.stream(all).sum(),
                "two of four categories moved: fewer products than all");
        String table = SimulationReport.recoveryAfterShift(result);
        assertTrue(table.contains("| policy | day 1 |"), table);
        assertTrue(table.contains("| batch-exp3 |"), table);

        assertNull(run(SimulationScenario.STATIONARY).shiftRound());
    }

    @Test
    void shouldGiveTheSameResultsForTheSameSeed() throws Exception {
        SimulationRun.Result first = run(SimulationScenario.SPARSE);
        SimulationRun.Result again = run(SimulationScenario.SPARSE);
        for (int i = 0; i < first.learners().size(); i++) {
            assertArrayEquals(first.learners().get(i).profit(), again.learners().get(i).profit());
        }
        assertArrayEquals(first.bestFixed(), again.bestFixed());
    }

    @Test
    void shouldWriteLogsThatEvaluateReads() throws Exception {
        run(SimulationScenario.STATIONARY, dir);
        Path logs = dir.resolve("epsilon-greedy");
        List<Decision> decisions =
                Files.readAllLines(logs.resolve("decisions.jsonl")).stream()
                        .map(DecisionJson::read)
                        .toList();
        List<FeedbackEvent> events = new ArrayList<>();
        EventParser parser = new EventParser(Long.MAX_VALUE / 2, System::currentTimeMillis);
        for (EventType type : EventType.values()) {
            String file = type.name().toLowerCase(Locale.ROOT) + "s.jsonl";
            for (String line : Files.readAllLines(logs.resolve(file))) {
                events.add(((ParseResult.Valid) parser.parse(type, line)).event());
            }
        }
        assertTrue(decisions.size() > PRODUCTS * DAYS * 8 / 2, "decisions: " + decisions.size());
        assertTrue(decisions.stream().allMatch(d -> d.algorithm().equals("epsilon-greedy")));
        assertTrue(events.stream().anyMatch(e -> e.type() == EventType.CLICK));
        DecisionLog log =
                DecisionLog.join(
                        decisions,
                        events,
                        JobConfig.load(Path.of("jobs/sponsored-search.yaml")).clock(),
                        d -> true);
        assertEquals(decisions.size(), log.rows().size());
    }

    @Test
    void shouldRefuseUnknownLearnersAndScenarios() {
        assertThrows(
                IllegalArgumentException.class, () -> Simulate.learners("linucb,gradient", ""));
        assertThrows(IllegalArgumentException.class, () -> Simulate.scenarios("stationary,calm"));
        assertThrows(
                IllegalArgumentException.class, () -> Simulate.learners("gradient+delays", ""));
        assertEquals(
                List.of("linucb+delays", "linucb"), Simulate.learners("linucb+delays,linucb", ""));
        assertEquals(List.of(SimulationScenario.values()).size(), Simulate.scenarios("all").size());
    }
}
