package io.banditflow.ops;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.util.ParameterTool;

/**
 * A tool's {@code --option value} arguments, refusing an option the tool does not have. Flink's
 * {@link ParameterTool} accepts any key, so a typo ({@code --mechansim first-price}) or an option
 * of another tool ran the defaults without a word; the run looked right and measured something
 * else. Refused, it ends as bad input does ({@link ToolExit}: one line naming the tool's options,
 * exit 2).
 */
public final class ToolArguments {
    private ToolArguments() {}

    /**
     * The arguments as {@link ParameterTool#fromArgs} reads them.
     *
     * @param options every option the tool reads, without the leading dashes
     * @throws IllegalArgumentException naming the unknown options and the tool's
     */
    public static ParameterTool parse(String[] args, Collection<String> options) {
        ParameterTool params = ParameterTool.fromArgs(args);
        List<String> unknown =
                params.toMap().keySet().stream()
                        .filter(k -> !options.contains(k))
                        .sorted()
                        .toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    (unknown.size() == 1 ? "unknown option " : "unknown options ")
                            + dashed(unknown)
                            + "; the options are "
                            + dashed(options));
        }
        return params;
    }

    private static String dashed(Collection<String> names) {
        return names.stream().map(n -> "--" + n).collect(Collectors.joining(", "));
    }
}
