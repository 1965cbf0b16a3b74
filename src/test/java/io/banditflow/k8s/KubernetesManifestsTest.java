package io.banditflow.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.banditflow.job.config.JobConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every manifest in k8s/ against the Flink Kubernetes Operator's CRD schemas in
 * ../shared/k8s-crds/, strictly: an object whose schema lists its properties may not carry others
 * (the API server would silently prune a misspelt field). Plus: the job files in the ConfigMap are
 * the ones in jobs/, and every alert has an expression, a severity and a runbook link.
 */
class KubernetesManifestsTest {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Path CRDS = Path.of("..", "shared", "k8s-crds");
    private static final Map<String, String> CRD_FILES =
            Map.of(
                    "FlinkDeployment", "flinkdeployments.flink.apache.org-v1.yml",
                    "FlinkSessionJob", "flinksessionjobs.flink.apache.org-v1.yml",
                    "FlinkStateSnapshot", "flinkstatesnapshots.flink.apache.org-v1.yml");

    static List<JsonNode> documents() throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("k8s"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (var it = YAML.readValues(YAML.createParser(file.toFile()), JsonNode.class)) {
                    while (it.hasNext()) {
                        ObjectNode doc = (ObjectNode) it.next();
                        doc.put("__file", file.getFileName().toString());
                        docs.add(doc);
                    }
                }
            }
        }
        return docs;
    }

    static Stream<JsonNode> flinkResources() throws IOException {
        return documents().stream()
                .filter(d -> d.get("apiVersion").asText().startsWith("flink.apache.org/"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("flinkResources")
    void shouldMatchTheOperatorCrdStrictly(JsonNode manifest) throws IOException {
        String kind = manifest.get("kind").asText();
        JsonNode crd = YAML.readTree(CRDS.resolve(CRD_FILES.get(kind)).toFile());
        JsonNode version = crd.get("spec").get("versions").get(0);
        assertEquals(
                "flink.apache.org/" + version.get("name").asText(),
                manifest.get("apiVersion").asText());
        ObjectNode schema = strict(version.get("schema").get("openAPIV3Schema").deepCopy());
        ObjectNode resource = ((ObjectNode) manifest).deepCopy();
        resource.remove("__file");
        JsonSchema validator =
                JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema);
        Set<ValidationMessage> errors = validator.validate(resource);
        assertTrue(errors.isEmpty(), manifest.get("__file").asText() + ": " + errors);
    }

    @Test
    void shouldRejectAMisspeltFieldInStrictMode() throws IOException {
        JsonNode crd = YAML.readTree(CRDS.resolve(CRD_FILES.get("FlinkSessionJob")).toFile());
        ObjectNode schema =
                strict(
                        crd.get("spec")
                                .get("versions")
                                .get(0)
                                .get("schema")
                                .get("openAPIV3Schema")
                                .deepCopy());
        JsonNode typo =
                YAML.readTree(
                        "apiVersion: flink.apache.org/v1beta1\nkind: FlinkSessionJob\n"
                                + "metadata: {name: j}\nspec:\n  job:\n    upgradeMod: savepoint\n");
        Set<ValidationMessage> errors =
                JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4)
                        .getSchema(schema)
                        .validate(typo);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.iterator().next().getMessage().contains("upgradeMod"), errors.toString());
    }

    /**
     * The root fields every Kubernetes object has (a CRD schema leaves them to the API server),
     * then additionalProperties: false wherever a schema lists properties and keeps no unknown
     * ones.
     */
    private static ObjectNode strict(ObjectNode schema) throws IOException {
        ObjectNode properties = (ObjectNode) schema.get("properties");
        properties.set("apiVersion", YAML.readTree("type: string"));
        properties.set("kind", YAML.readTree("type: string"));
        properties.set(
                "metadata",
                YAML.readTree(
                        "type: object\nrequired: [name]\nproperties:\n  name: {type: string}\n"
                                + "  namespace: {type: string}\n"
                                + "  labels: {type: object, additionalProperties: {type: string}}\n"
                                + "  annotations: {type: object, additionalProperties: {type: string}}\n"));
        forbidUnknownFields(schema);
        return schema;
    }

    private static void forbidUnknownFields(JsonNode schema) {
        if (schema instanceof ObjectNode object) {
            if (object.has("properties")
                    && !object.has("additionalProperties")
                    && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                object.put("additionalProperties", false);
            }
            for (Iterator<JsonNode> children = object.elements(); children.hasNext(); ) {
                forbidUnknownFields(children.next());
            }
        } else if (schema.isArray()) {
            schema.forEach(KubernetesManifestsTest::forbidUnknownFields);
        }
    }

    @Test
    void shouldShipTheRepositoryJobFilesInTheConfigMap() throws IOException {
        JsonNode configMap =
                documents().stream()
                        .filter(d -> d.get("kind").asText().equals("ConfigMap"))
                        .findFirst()
                        .orElseThrow();
        JsonNode data = configMap.get("data");
        assertTrue(data.size() > 0);
        for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String repositoryFile = Files.readString(Path.of("jobs", entry.getKey()));
            assertEquals(repositoryFile.strip(), entry.getValue().asText().strip(), entry.getKey());
            JobConfig.parse(entry.getValue().asText());
        }
    }

    /**
     * The session cluster keeps its jobs across a JobManager loss (issue 21, part 6): Kubernetes
     * high availability, its storage durable like the checkpoints', read as Flink reads the
     * options.
     */
    @Test
    void shouldKeepTheJobsWhenTheJobManagerDies() throws IOException {
        JsonNode deployment =
                flinkResources()
                        .filter(d -> d.get("kind").asText().equals("FlinkDeployment"))
                        .findFirst()
                        .orElseThrow();
        Configuration flink = flinkConfiguration(deployment.get("spec").get("flinkConfiguration"));
        assertEquals("kubernetes", flink.get(HighAvailabilityOptions.HA_MODE));
        String storage = flink.get(HighAvailabilityOptions.HA_STORAGE_PATH);
        String checkpoints = flink.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY);
        assertEquals(
                URI.create(checkpoints).getScheme() + "://" + URI.create(checkpoints).getHost(),
                URI.create(storage).getScheme() + "://" + URI.create(storage).getHost(),
                "high availability keeps its job graphs where the checkpoints are");
        assertTrue(
                deployment.get("spec").get("jobManager").get("replicas").asInt() >= 1, "replicas");
    }

    /** The operator's nested flinkConfiguration as the flat keys Flink reads. */
    private static Configuration flinkConfiguration(JsonNode nested) {
        Map<String, String> flat = new java.util.HashMap<>();
        flatten("", nested, flat);
        return Configuration.fromMap(flat);
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> flat) {
        if (!node.isObject()) {
            flat.put(prefix, node.asText());
            return;
        }
        node.fields()
                .forEachRemaining(
                        field ->
                                flatten(
                                        prefix.isEmpty()
                                                ? field.getKey()
                                                : prefix + "." + field.getKey(),
                                        field.getValue(),
                                        flat));
    }

    @Test
    void shouldPointTheJobAtAMountedJobFile() throws IOException {
        for (JsonNode job :
                flinkResources()
                        .filter(d -> d.get("kind").asText().equals("FlinkSessionJob"))
                        .toList()) {
            JsonNode args = job.get("spec").get("job").get("args");
            assertEquals("--job", args.get(0).asText());
            String mounted = args.get(1).asText();
            assertTrue(mounted.startsWith("/opt/flink/jobs/"), mounted);
            assertTrue(
                    Files.exists(Path.of("jobs", mounted.substring("/opt/flink/jobs/".length()))),
                    mounted);
            assertEquals("savepoint", job.get("spec").get("job").get("upgradeMode").asText());
        }
    }

    @Test
    void shouldGiveEveryAlertAnExpressionSeverityAndRunbook() throws IOException {
        JsonNode rules =
                documents().stream()
                        .filter(d -> d.get("kind").asText().equals("PrometheusRule"))
                        .findFirst()
                        .orElseThrow();
        String operations = Files.readString(Path.of("docs", "operations.md"));
        Set<String> alerts = new java.util.TreeSet<>();
        for (JsonNode group : rules.get("spec").get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                alerts.add(rule.get("alert").asText());
                assertFalse(rule.get("expr").asText().isBlank());
                assertTrue(
                        Set.of("warning", "critical")
                                .contains(rule.get("labels").get("severity").asText()));
                String runbook = rule.get("annotations").get("runbook").asText();
                String anchor = runbook.substring(runbook.indexOf('#') + 1);
                assertTrue(
                        operations.contains("<a id=\"" + anchor + "\"></a>"),
                        "docs/operations.md lacks " + anchor);
            }
        }
        assertEquals(
                Set.of(
                        "BanditflowNoDecisions",
                        "BanditflowFallbackShare",
                        "BanditflowMarketDrift",
                        "BanditflowLateEvents",
                        "BanditflowDeadLetterRate",
                        "BanditflowCheckpointFailures"),
                alerts);
    }
}
