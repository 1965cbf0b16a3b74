package io.banditflow.job.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A YAML mapping with its dotted path, so that every error names the key it is about. */
final class ConfigNode {
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private final JsonNode node;
    private final String path;

    ConfigNode(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new JobConfigException(describe(path) + " must be a mapping");
        }
        this.node = node;
        this.path = path;
    }

    private static String describe(String path) {
        return path.isEmpty() ? "the job file" : path;
    }

    private String keyPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /**
     * Rejects keys that no declared option of this section uses, so a typo is an error and not a
     * silent default: the keys allowed are the next path segments of the options under this
     * section's path ({@code <name>} segments match any name).
     */
    ConfigNode allowOnly(java.util.List<ConfigOption<?>> options) {
        Set<String> keys = new java.util.TreeSet<>();
        String[] here = path.isEmpty() ? new String[0] : path.split("\\.");
        for (ConfigOption<?> option : options) {
            String[] segments = option.path().split("\\.");
            if (segments.length > here.length && under(here, segments)) {
                keys.add(segments[here.length]);
            }
        }
        return allowOnly(keys);
    }

    private static boolean under(String[] here, String[] segments) {
        for (int i = 0; i < here.length; i++) {
            if (!segments[i].equals(here[i]) && !segments[i].startsWith("<")) {
                return false;
            }
        }
        return true;
    }

    /**
     * The value of {@code option} in this section: its default when the job file leaves it out
     * (null for a default the parser works out), an error naming the key when it is required or not
     * of its type or range.
     */
    @SuppressWarnings("unchecked")
    <T> T get(ConfigOption<T> option) {
        String key = option.key();
        if (!has(key)) {
            if (option.required()) {
                throw new JobConfigException(keyPath(key) + ": required key is missing");
            }
            return option.defaultValue();
        }
        Object value =
                switch (option.type()) {
                    case TEXT -> text(key);
                    case CHOICE ->
                            oneOf(key, null, new java.util.LinkedHashSet<>(option.choices()));
                    case BOOLEAN -> bool(key, false);
                    case WHOLE -> integer(key, 0, (int) option.min(), (int) option.max());
                    case LONG -> longValue(key, 0);
                    case NUMBER -> number(key, 0, option.min(), option.max());
                    case DURATION -> duration(key, null);
                    case NUMBERS -> numbers(key, null, option.min(), option.max());
                    case TEXTS -> texts(key, null);
                    case SECTION, PROPERTIES ->
                            throw new IllegalArgumentException(
                                    option + " is read as a section, not a value");
                };
        return (T) value;
    }

    /** Rejects keys this section does not know, so a typo is an error and not a silent default. */
    ConfigNode allowOnly(Set<String> keys) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!keys.contains(key)) {
                throw new JobConfigException(
                        keyPath(key) + ": unknown key (expected one of " + keys + ")");
            }
        }
        return this;
    }

    private JsonNode value(String key) {
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? null : value;
    }

    boolean has(String key) {
        return value(key) != null;
    }

    ConfigNode section(String key) {
        JsonNode value = value(key);
        if (value == null) {
            throw new JobConfigException(keyPath(key) + ": required section is missing");
        }
        return new ConfigNode(value, keyPath(key));
    }

    /** The keys of this section, in file order. */
    java.util.List<String> keys() {
        java.util.List<String> keys = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** The section under {@code key}, or null when the job file leaves it out. */
    ConfigNode optionalSection(String key) {
        return has(key) ? section(key) : null;
    }

    String text(String key) {
        JsonNode value = value(key);
        if (value == null) {
            throw new JobConfigException(keyPath(key) + ": required key is missing");
        }
        if (!value.isTextual() || value.textValue().isBlank()) {
            throw new JobConfigException(keyPath(key) + ": must be a non-empty string");
        }
        return value.textValue();
    }

    String text(String key, String fallback) {
        return has(key) ? text(key) : fallback;
    }

    String oneOf(String key, String fallback, Set<String> allowed) {
        String value = text(key, fallback);
        if (!allowed.contains(value)) {
            throw new JobConfigException(
                    keyPath(key) + ": '" + value + "' is not one of " + allowed);
        }
        return value;
    }

    Duration duration(String key, Duration fallback) {
        JsonNode value = value(key);
        if (value == null) {
            if (fallback == null) {
                throw new JobConfigException(keyPath(key) + ": required key is missing");
            }
            return fallback;
        }
        String text = value.asText().trim();
        Duration parsed = parseDuration(text);
        if (parsed == null) {
            throw new JobConfigException(
                    keyPath(key)
                            + ": '"
                            + text
                            + "' is not a duration (use ISO-8601 like PT3H, P2D, or 3h, 2d, 30s)");
        }
        if (parsed.isNegative()) {
            throw new JobConfigException(keyPath(key) + ": must not be negative");
        }
        return parsed;
    }

    private static Duration parseDuration(String text) {
        Matcher m = SHORT_DURATION.matcher(text);
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    int integer(String key, int fallback, int min, int max) {
        JsonNode value = value(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new JobConfigException(keyPath(key) + ": must be an integer");
        }
        int result = value.intValue();
        if (result < min || result > max) {
            throw new JobConfigException(
                    keyPath(key) + ": " + result + " is outside [" + min + ", " + max + "]");
        }
        return result;
    }

    boolean bool(String key, boolean fallback) {
        JsonNode value = value(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw new JobConfigException(keyPath(key) + ": must be true or false");
        }
        return value.booleanValue();
    }

    long longValue(String key, long fallback) {
        JsonNode value = value(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new JobConfigException(keyPath(key) + ": must be an integer");
        }
        return value.longValue();
    }

    double number(String key, double fallback, double min, double max) {
        JsonNode value = value(key);
        if (value == null) {
            return fallback;
        }
        return checkNumber(keyPath(key), value, min, max);
    }

    private static double checkNumber(String where, JsonNode value, double min, double max) {
        if (!value.isNumber()) {
            throw new JobConfigException(where + ": must be a number");
        }
        double result = value.doubleValue();
        if (!(result >= min && result <= max)) {
            throw new JobConfigException(
                    where + ": " + result + " is outside [" + min + ", " + max + "]");
        }
        return result;
    }

    double[] numbers(String key, double[] fallback, double min, double max) {
        JsonNode value = value(key);
        if (value == null) {
            if (fallback == null) {
                throw new JobConfigException(keyPath(key) + ": required key is missing");
            }
            return fallback;
        }
        if (!value.isArray() || value.isEmpty()) {
            throw new JobConfigException(keyPath(key) + ": must be a non-empty list of numbers");
        }
        double[] result = new double[value.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = checkNumber(keyPath(key) + "[" + i + "]", value.get(i), min, max);
        }
        return result;
    }

    /** A non-empty list of distinct, non-blank texts. */
    java.util.List<String> texts(String key, java.util.List<String> fallback) {
        JsonNode value = value(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isArray() || value.isEmpty()) {
            throw new JobConfigException(keyPath(key) + ": must be a non-empty list of texts");
        }
        java.util.List<String> result = new java.util.ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isTextual() || item.textValue().isBlank()) {
                throw new JobConfigException(keyPath(key) + "[" + i + "]: must be a text");
            }
            if (result.contains(item.textValue())) {
                throw new JobConfigException(
                        keyPath(key) + "[" + i + "]: '" + item.textValue() + "' is repeated");
            }
            result.add(item.textValue());
        }
        return result;
    }

    /**
     * A mapping of client property names to scalar values, as texts, in file order; empty when the
     * section is left out. Keys in {@code owned} are refused: the job sets them itself.
     */
    java.util.Map<String, String> properties(String key, java.util.Map<String, String> owned) {
        JsonNode value = value(key);
        java.util.Map<String, String> result = new java.util.LinkedHashMap<>();
        if (value == null) {
            return result;
        }
        if (!value.isObject()) {
            throw new JobConfigException(keyPath(key) + ": must be a mapping of properties");
        }
        for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            String where = keyPath(key) + "." + name;
            if (owned.containsKey(name)) {
                throw new JobConfigException(where + ": set by the job (" + owned.get(name) + ")");
            }
            JsonNode property = value.get(name);
            if (!property.isValueNode() || property.isNull()) {
                throw new JobConfigException(where + ": must be a text, number or boolean");
            }
            result.put(name, property.asText());
        }
        return result;
    }

    String path(String key) {
        return keyPath(key);
    }
}
