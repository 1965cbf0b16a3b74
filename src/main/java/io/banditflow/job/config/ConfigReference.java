package io.banditflow.job.config;

import io.banditflow.core.policy.LearnerKind;
import io.banditflow.core.policy.LearnerKinds;
import io.banditflow.core.policy.LearnerParameter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The README's configuration reference, written from the declarations: one row per job-file key
 * ({@link JobOptions}), then one row per learner and one per learner parameter ({@link
 * LearnerKinds}). {@code ConfigReferenceTest} holds the README to it; run this class to print it.
 */
public final class ConfigReference {
    /** The README lines around the generated tables. */
    public static final String BEGIN = "<!-- configuration reference: begin -->";

    public static final String END = "<!-- configuration reference: end -->";

    private ConfigReference() {}

    public static void main(String[] args) {
        System.out.print(markdown());
    }

    /** Both tables, as they stand between {@link #BEGIN} and {@link #END}. */
    public static String markdown() {
        StringBuilder out = new StringBuilder();
        out.append(BEGIN).append("\n\n");
        out.append("| key | type | default | range | meaning |\n");
        out.append("| --- | --- | --- | --- | --- |\n");
        for (ConfigOption<?> option : JobOptions.ALL) {
            out.append(row(option)).append('\n');
        }
        out.append(
                        "\nLearners (`learner.algorithm`) and the parameters each takes under `learner:`")
                .append(
                        " (also in `shadows.<name>` and `experiment.variants.<name>.learner`):\n\n");
        out.append("| algorithm | what it is | parameters |\n| --- | --- | --- |\n");
        for (LearnerKind kind : LearnerKinds.ALL) {
            out.append(
                    String.format(
                            "| `%s` | %s | %s |%n",
                            kind.name(), kind.description(), parameterNames(kind)));
        }
        out.append("\n| parameter | default | range | meaning | learners |\n");
        out.append("| --- | --- | --- | --- | --- |\n");
        parameterRows().forEach(row -> out.append(row).append('\n'));
        out.append('\n').append(END).append('\n');
        return out.toString();
    }

    private static String row(ConfigOption<?> option) {
        return String.format(
                "| `%s` | %s | %s | %s | %s |",
                option.path(),
                option.type().label(),
                option.defaultForReadme(),
                range(option),
                cell(option.description()));
    }

    /** A table cell's text: a bar inside it would end the cell. */
    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    private static String range(ConfigOption<?> option) {
        return switch (option.type()) {
            case CHOICE -> String.join(", ", quoted(option.choices()));
            case WHOLE, NUMBER, NUMBERS -> interval(option.min(), option.max());
            default -> "";
        };
    }

    private static List<String> quoted(List<String> names) {
        return names.stream().map(name -> "`" + name + "`").toList();
    }

    private static String parameterNames(LearnerKind kind) {
        List<String> keys = kind.parameters().stream().map(LearnerParameter::key).toList();
        return keys.isEmpty() ? "none" : String.join(", ", quoted(keys));
    }

    /** One row per distinct parameter declaration, with the learners that share it. */
    private static List<String> parameterRows() {
        Map<LearnerParameter, List<String>> learners = new LinkedHashMap<>();
        for (LearnerKind kind : LearnerKinds.ALL) {
            for (LearnerParameter parameter : kind.parameters()) {
                learners.computeIfAbsent(parameter, p -> new ArrayList<>()).add(kind.name());
            }
        }
        List<String> rows = new ArrayList<>();
        learners.forEach(
                (p, names) ->
                        rows.add(
                                String.format(
                                        "| `learner.%s` | %s | %s | %s | %s |",
                                        p.key(),
                                        p.required()
                                                ? "required"
                                                : "`" + number(p.defaultValue()) + "`",
                                        interval(p.min(), p.max()),
                                        cell(p.description()),
                                        String.join(", ", quoted(names)))));
        return rows;
    }

    private static String interval(double min, double max) {
        return "[" + bound(min) + ", " + bound(max) + "]";
    }

    private static String bound(double value) {
        if (value >= Double.MAX_VALUE) {
            return "∞";
        }
        if (value <= -Double.MAX_VALUE) {
            return "−∞";
        }
        return number(value);
    }

    /** A duration in the job file's short form: {@code 3h}, {@code 2d}, {@code 5ms}. */
    static String duration(java.time.Duration duration) {
        long millis = duration.toMillis();
        long[] units = {86_400_000, 3_600_000, 60_000, 1_000};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (millis != 0 && millis % units[i] == 0) {
                return millis / units[i] + names[i];
            }
        }
        return millis + "ms";
    }

    /** A number as a reader writes it: {@code 0.02}, {@code 1000}, {@code 1e-9}, ∞. */
    static String number(double value) {
        if (Double.isInfinite(value)) {
            return value > 0 ? "∞" : "−∞";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        if (Math.abs(value) < 1e-4) {
            return String.format("%.0e", value).replace("e-0", "e-");
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
