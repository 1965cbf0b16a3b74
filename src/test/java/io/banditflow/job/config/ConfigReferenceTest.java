package io.banditflow.job.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.banditflow.core.policy.LearnerKind;
import io.banditflow.core.policy.LearnerKinds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's configuration reference is the declarations', and the declarations are read. */
class ConfigReferenceTest {

    @Test
    void shouldMatchTheReadmesConfigurationReference() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int begin = readme.indexOf(ConfigReference.BEGIN);
        int end = readme.indexOf(ConfigReference.END);
        assertTrue(begin >= 0 && end > begin, "README.md has no configuration reference markers");
        String inReadme = readme.substring(begin, end + ConfigReference.END.length()) + "\n";
        assertEquals(
                ConfigReference.markdown(),
                inReadme,
                "README.md's configuration reference differs from the declarations; replace it with"
                        + " the output of io.banditflow.job.config.ConfigReference");
    }

    @Test
    void shouldDeclareEveryOptionUnderADistinctPath() {
        List<String> paths = JobOptions.ALL.stream().map(ConfigOption::path).toList();
        assertEquals(paths.size(), paths.stream().distinct().count(), paths.toString());
    }

    /** A learner's declared defaults build it: a declaration that cannot is caught here. */
    @Test
    void shouldBuildEveryLearnerFromItsDeclaredDefaults() {
        for (LearnerKind kind : LearnerKinds.ALL) {
            JobConfig config =
                    JobConfig.parse(
                            JobConfigTest.MINIMAL.replace(
                                    "learner: {}", "learner: {algorithm: " + kind.name() + "}"));
            assertEquals(kind.name(), config.policy().algorithm());
            assertEquals(kind.learns(), config.policy().learns());
        }
    }

    /**
     * Every declared value option is read where it is declared: a value out of range is refused.
     */
    @Test
    void shouldRefuseAnOutOfRangeValueOfEveryDeclaredNumber() {
        for (ConfigOption<?> option : JobOptions.ALL) {
            boolean numeric =
                    option.type() == ConfigOption.Type.NUMBER
                            || option.type() == ConfigOption.Type.WHOLE;
            if (!numeric
                    || option.path().contains("<")
                    || option.path().startsWith("requests")
                    || option.path().startsWith("experiment")
                    || option.path().startsWith("pacing")) {
                continue;
            }
            String yaml = JobConfigTest.MINIMAL + nested(option.path(), option.max() + 1e9);
            JobConfigException e =
                    org.junit.jupiter.api.Assertions.assertThrows(
                            JobConfigException.class, () -> JobConfig.parse(yaml), option.path());
            assertTrue(e.getMessage().startsWith(option.path() + ":"), e.getMessage());
        }
    }

    private static String nested(String path, double value) throws RuntimeException {
        ObjectNode root = new YAMLMapper().createObjectNode();
        ObjectNode node = root;
        String[] segments = path.split("\\.");
        for (int i = 0; i < segments.length - 1; i++) {
            node = node.putObject(segments[i]);
        }
        String key = segments[segments.length - 1];
        if (Double.isInfinite(value) || value > 1e300) {
            node.put(key, "not a number");
        } else if (value == Math.rint(value)) {
            node.put(key, (long) value);
        } else {
            node.put(key, value);
        }
        try {
            return new YAMLMapper().writeValueAsString(root).replaceFirst("^---\\n", "");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
