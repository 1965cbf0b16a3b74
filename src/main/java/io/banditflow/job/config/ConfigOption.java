package io.banditflow.job.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One key of the job file, declared once with its type, default, range and meaning (the Kafka
 * connector's {@code KafkaSourceOptions} does the same for its source). {@link JobOptions} lists
 * every key; the parser reads each through its declaration ({@link ConfigNode#get}), rejects keys
 * that are not declared, and {@link ConfigReference} writes the README's configuration table from
 * the same list, which a test holds the README to.
 *
 * <p>A path segment in angle brackets ({@code guardrails.products.<id>.max}) stands for any name
 * the job file chooses.
 *
 * @param <T> the value's Java type
 */
public final class ConfigOption<T> {
    /** How a value is written in the job file. */
    public enum Type {
        TEXT("text"),
        CHOICE("one of"),
        BOOLEAN("boolean"),
        WHOLE("integer"),
        LONG("integer"),
        NUMBER("number"),
        DURATION("duration"),
        NUMBERS("numbers"),
        TEXTS("texts"),
        SECTION("section"),
        PROPERTIES("properties");

        private final String label;

        Type(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final String path;
    private final Type type;
    private final T defaultValue;
    private final String defaultText;
    private final double min;
    private final double max;
    private final List<String> choices;
    private final String description;

    private ConfigOption(
            String path,
            Type type,
            T defaultValue,
            String defaultText,
            double min,
            double max,
            List<String> choices,
            String description) {
        this.path = path;
        this.type = type;
        this.defaultValue = defaultValue;
        this.defaultText = defaultText;
        this.min = min;
        this.max = max;
        this.choices = List.copyOf(choices);
        this.description = description;
    }

    private static <T> ConfigOption<T> of(Type type, String path, T value, String doc) {
        return new ConfigOption<>(path, type, value, null, Double.NaN, Double.NaN, List.of(), doc);
    }

    /** A non-empty text; required when {@code defaultValue} is null (unless a default is told). */
    public static ConfigOption<String> text(String path, String defaultValue, String doc) {
        return of(Type.TEXT, path, defaultValue, doc);
    }

    /** One of {@code choices}. */
    public static ConfigOption<String> choice(
            String path, String defaultValue, List<String> choices, String doc) {
        return new ConfigOption<>(
                path, Type.CHOICE, defaultValue, null, Double.NaN, Double.NaN, choices, doc);
    }

    public static ConfigOption<Boolean> bool(String path, boolean defaultValue, String doc) {
        return of(Type.BOOLEAN, path, defaultValue, doc);
    }

    /** A whole number in [min, max]. */
    public static ConfigOption<Integer> whole(
            String path, int defaultValue, int min, int max, String doc) {
        return new ConfigOption<>(path, Type.WHOLE, defaultValue, null, min, max, List.of(), doc);
    }

    /** A 64-bit whole number. */
    public static ConfigOption<Long> whole64(String path, long defaultValue, String doc) {
        return new ConfigOption<>(
                path,
                Type.LONG,
                defaultValue,
                null,
                Long.MIN_VALUE,
                Long.MAX_VALUE,
                List.of(),
                doc);
    }

    /** A number in [min, max]. */
    public static ConfigOption<Double> number(
            String path, double defaultValue, double min, double max, String doc) {
        return new ConfigOption<>(path, Type.NUMBER, defaultValue, null, min, max, List.of(), doc);
    }

    /** A non-negative duration: ISO-8601 ({@code PT3H}) or short ({@code 3h}). */
    public static ConfigOption<Duration> duration(String path, Duration defaultValue, String doc) {
        return of(Type.DURATION, path, defaultValue, doc);
    }

    /** A non-empty list of numbers, each in [min, max]. */
    public static ConfigOption<double[]> numbers(
            String path, double[] defaultValue, double min, double max, String doc) {
        return new ConfigOption<>(path, Type.NUMBERS, defaultValue, null, min, max, List.of(), doc);
    }

    /** A non-empty list of distinct texts. */
    public static ConfigOption<List<String>> texts(
            String path, List<String> defaultValue, String doc) {
        return of(Type.TEXTS, path, defaultValue, doc);
    }

    /** A section whose presence means something of its own ({@code pacing}, {@code requests}). */
    public static ConfigOption<Void> section(String path, String absent, String doc) {
        return new ConfigOption<Void>(
                path, Type.SECTION, null, absent, Double.NaN, Double.NaN, List.of(), doc);
    }

    /** A mapping of Kafka client properties. */
    public static ConfigOption<Void> properties(String path, String absent, String doc) {
        return new ConfigOption<Void>(
                path, Type.PROPERTIES, null, absent, Double.NaN, Double.NaN, List.of(), doc);
    }

    /**
     * The same key with a default the parser works out (from other keys) when the job file leaves
     * it out, described by {@code text}; the key is then optional.
     */
    public ConfigOption<T> withDefaultText(String text) {
        return new ConfigOption<>(path, type, defaultValue, text, min, max, choices, description);
    }

    /** The whole dotted path, e.g. {@code time.round}. */
    public String path() {
        return path;
    }

    /** The last segment of the path: the key within its section. */
    public String key() {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    public Type type() {
        return type;
    }

    /** The value when the job file leaves the key out; null when required or worked out. */
    public T defaultValue() {
        return defaultValue;
    }

    /** Whether the job file must give the key (no default, none worked out). */
    public boolean required() {
        boolean none =
                defaultValue == null
                        || defaultValue instanceof Double number && Double.isNaN(number);
        return none && defaultText == null;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    public List<String> choices() {
        return choices;
    }

    public String description() {
        return description;
    }

    /** The default as the README shows it. */
    public String defaultForReadme() {
        if (defaultText != null) {
            return defaultText;
        }
        if (required()) {
            return "required";
        }
        return "`" + show(defaultValue) + "`";
    }

    private static String show(Object value) {
        if (value instanceof double[] list) {
            return Arrays.toString(list);
        }
        if (value instanceof Double number) {
            return ConfigReference.number(number);
        }
        if (value instanceof Duration duration) {
            return ConfigReference.duration(duration);
        }
        return Objects.toString(value);
    }

    @Override
    public String toString() {
        return path;
    }
}
