package io.banditflow.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.util.ParameterTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate --obd} on a folder in the Open Bandit Dataset's layout: the campaign is an
 * option, its items come from its priors and logs, a folder with several campaigns needs the
 * option, and a bad folder or campaign is one clear message, not a stack trace.
 */
class OpenBanditEvaluationTest {
    @TempDir Path dir;

    /** A campaign's uniform-random and Thompson logs over {@code items} items, 3 slots. */
    private void campaign(String name, int items, int rows) throws Exception {
        for (String policy : List.of("random", "bts")) {
            Path folder = Files.createDirectories(dir.resolve(policy).resolve(name));
            List<String> lines = new ArrayList<>();
            lines.add(",timestamp,item_id,position,click,propensity_score");
            for (int i = 0; i < rows; i++) {
                lines.add(
                        String.format(
                                Locale.ROOT,
                                "%d,2019-11-24 00:00:00+00:00,%d,%d,%d,%s",
                                i,
                                i % items,
                                1 + i % 3,
                                i % 7 == 0 ? 1 : 0,
                                1.0 / items));
            }
            Files.write(folder.resolve(name + ".csv"), lines);
        }
    }

    private void priors(String... campaigns) throws Exception {
        StringBuilder yaml = new StringBuilder();
        for (String c : campaigns) {
            int items = c.equals("women") ? 5 : 3;
            yaml.append(c).append(":\n  alpha:\n");
            for (int i = 0; i < items; i++) {
                yaml.append("    - ").append(2 + i).append(".0\n");
            }
            yaml.append("  beta:\n");
            for (int i = 0; i < items; i++) {
                yaml.append("    - 20.0\n");
            }
        }
        Files.writeString(dir.resolve("prior_bts.yaml"), yaml);
    }

    private String run(String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        OpenBanditEvaluation.run(
                ParameterTool.fromArgs(args), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldEvaluateTheCampaignTheFolderHoldsWithItsOwnItems() throws Exception {
        campaign("women", 5, 300);
        priors("men", "women");

        String out = run("--obd", dir.toString());

        assertTrue(
                out.startsWith("Bernoulli Thompson sampling (women, 5 items), estimated from 300"),
                out);
        assertEquals(4 + 2, out.lines().filter(l -> l.contains("%   [")).count(), out);
    }

    @Test
    void shouldNeedTheCampaignWhenTheFolderHoldsSeveral() throws Exception {
        campaign("men", 3, 90);
        campaign("women", 5, 90);
        priors("men", "women");

        IllegalArgumentException several =
                assertThrows(IllegalArgumentException.class, () -> run("--obd", dir.toString()));
        assertTrue(several.getMessage().contains("[men, women]: choose one with --campaign"));
        assertTrue(run("--obd", dir.toString(), "--campaign", "men").contains("(men, 3 items)"));
        IllegalArgumentException missing =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> run("--obd", dir.toString(), "--campaign", "all"));
        assertTrue(missing.getMessage().startsWith("no random logs of campaign all"));
    }

    @Test
    void shouldRefuseLogsWithMoreItemsThanThePriors() throws Exception {
        campaign("men", 4, 60); // priors for men hold 3 items
        priors("men");

        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> run("--obd", dir.toString()));
        assertEquals(
                "campaign men: the logs show 4 items, its priors 3 alphas and 3 betas",
                e.getMessage());
    }
}
