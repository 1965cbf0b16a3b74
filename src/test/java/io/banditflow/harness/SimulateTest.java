package io.banditflow.harness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.sim.SimulationScenario;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        String jobFile = Files.readString(Path.of("jobs/sponsored-search.yaml"));
        return SimulationRun.run(
                jobFile,
                scenario,
                List.of("batch-exp3", "epsilon-greedy"),
                PRODUCTS,
                DAYS,
                7,
                Simulate.FIRST_ROUND_TIME / (3 * 3_600_000L),
                1,
                SimulationRun.Progress.to(System.err, false));
    }

    @Test
    void shouldWriteEveryRoundOfEveryPolicyAndAReportWithItsPlots() throws Exception {
        SimulationRun.Result result = run(SimulationScenario.SHIFT);
        List<SimulationReport.Summary> summaries =
                SimulationReport.write(result, dir, "simulate --test");

        int rounds = DAYS * 8;
        List<String> csv = Files.readAllLines(dir.resolve("rounds.csv"));
        assertEquals(1 + 4 * rounds, csv.size(), "header, then baseline, best fixed, 2 learners");
        for (SimulationReport.Summary summary : summaries) {
            String policy =
                    switch (summary.policy()) {
                        case "baseline bid" -> "baseline";
                        case "best fixed bid (hindsight)" -> "best-fixed";
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
    void shouldRefuseUnknownLearnersAndScenarios() {
        assertThrows(
                IllegalArgumentException.class, () -> Simulate.learners("linucb,gradient", ""));
        assertThrows(IllegalArgumentException.class, () -> Simulate.scenarios("stationary,calm"));
        assertEquals(List.of(SimulationScenario.values()).size(), Simulate.scenarios("all").size());
    }
}
