package io.banditflow.core.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the Open Bandit Dataset (Saito et al., NeurIPS 2021): a campaign's slot-level logs ({@code
 * <policy>/<campaign>/<campaign>.csv}: item_id, position 1–3, click, propensity_score) and the Beta
 * priors of the production Thompson-sampling policy ({@code prior_bts.yaml}).
 */
public final class OpenBanditDataset {
    private OpenBanditDataset() {}

    /** The logs, with positions 1, 2, 3 as slots 0, 1, 2 and the click as the reward. */
    public static List<LoggedFeedback> logs(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        String[] header = lines.get(0).split(",", -1);
        int item = column(header, "item_id");
        int position = column(header, "position");
        int click = column(header, "click");
        int propensity = column(header, "propensity_score");
        List<LoggedFeedback> logs = new ArrayList<>(lines.size() - 1);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            logs.add(
                    new LoggedFeedback(
                            Integer.parseInt(f[item]),
                            Integer.parseInt(f[position]) - 1,
                            Double.parseDouble(f[click]),
                            Double.parseDouble(f[propensity])));
        }
        return logs;
    }

    /**
     * The campaigns a dataset folder holds logs of for a policy ({@code <policy>/<campaign>/
     * <campaign>.csv}), in name order; none when the policy's folder is missing.
     */
    public static List<String> campaigns(Path dataset, String policy) throws IOException {
        Path folder = dataset.resolve(policy);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (var entries = Files.list(folder)) {
            return entries.filter(c -> Files.isRegularFile(c.resolve(c.getFileName() + ".csv")))
                    .map(c -> c.getFileName().toString())
                    .sorted()
                    .toList();
        }
    }

    /** The number of items a campaign's logs show: one more than the largest item id. */
    public static int items(List<LoggedFeedback> logs) {
        return logs.stream().mapToInt(LoggedFeedback::action).max().orElse(-1) + 1;
    }

    /** {alpha, beta} of a campaign's Thompson-sampling priors. */
    public static double[][] thompsonPriors(Path yaml, String campaign) throws IOException {
        JsonNode node = new YAMLMapper().readTree(yaml.toFile()).get(campaign);
        if (node == null) {
            throw new IllegalArgumentException("no priors for campaign " + campaign);
        }
        return new double[][] {numbers(node.get("alpha")), numbers(node.get("beta"))};
    }

    private static double[] numbers(JsonNode list) {
        double[] values = new double[list.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = list.get(i).doubleValue();
        }
        return values;
    }

    private static int column(String[] header, String name) {
        for (int i = 0; i < header.length; i++) {
            if (header[i].equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no column " + name);
    }
}
