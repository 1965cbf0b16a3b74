package io.banditflow.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.banditflow.core.policy.PolicyState;
import io.banditflow.job.config.JobConfig;
import io.banditflow.testing.RestoreRuns;
import io.banditflow.testing.SavepointFixtures;
import io.banditflow.testing.TestingJobs;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Savepoint rewrites on the committed fixture savepoint (six products of the small job after a
 * day): every state of every product not rewritten, its timers and the broadcast state come through
 * byte for byte; only the learners named are replaced; a partial rollback puts them back exactly.
 */
class SavepointRewriteITCase {
    @RegisterExtension static final MiniClusterExtension CLUSTER = TestingJobs.miniCluster();

    private static final JsonMapper JSON = new JsonMapper();
    private static final String FIXTURE =
            SavepointFixtures.DIRECTORY.resolve("v3/savepoint").toAbsolutePath().toUri().toString();
    private static final JobConfig JOB = RestoreRuns.config(SavepointFixtures.RUN, "127.0.0.1:1");

    @TempDir Path dir;

    @Test
    void shouldReplaceOnlyTheLearnersGivenAndRollThemBack() throws Exception {
        List<StateTool.ProductState> fixture = StateTool.read(FIXTURE);
        StateTool.ProductState a = fixture.get(0);
        StateTool.ProductState b = fixture.get(1);
        String learnerOfA = StateTool.export(a, JOB).toString();
        Map<String, PolicyState> warm =
                StateTool.learners(
                        List.of(
                                learnerOfA.replace(a.productId(), b.productId()),
                                learnerOfA.replace(a.productId(), "newcomer")),
                        JOB);

        String warmed = dir.resolve("warmed").toUri().toString();
        SavepointRewrite.bootstrap(warm, FIXTURE, 128, warmed);
        Map<String, byte[]> before = SavepointRewrite.products(FIXTURE);
        Map<String, byte[]> after = SavepointRewrite.products(warmed);
        assertEquals(before.size() + 1, after.size());
        for (String product : before.keySet()) {
            if (!product.equals(b.productId())) {
                assertArrayEquals(before.get(product), after.get(product), product);
            }
        }
        assertSameBroadcastState(
                SavepointRewrite.readBroadcastState(FIXTURE),
                SavepointRewrite.readBroadcastState(warmed));
        Map<String, StateTool.ProductState> read = byId(StateTool.read(warmed));
        assertEquals(json(a.learner()), json(read.get(b.productId()).learner()));
        assertEquals(b.nextRound(), read.get(b.productId()).nextRound(), "the rest of b is kept");
        assertEquals(json(a.learner()), json(read.get("newcomer").learner()));

        String rolledBack = dir.resolve("rolled-back").toUri().toString();
        SavepointRewrite.rollbackProducts(
                warmed, FIXTURE, Set.of(b.productId(), "newcomer"), rolledBack);
        Map<String, byte[]> back = SavepointRewrite.products(rolledBack);
        assertEquals(before.keySet(), back.keySet(), "the newcomer had no learner before");
        for (String product : before.keySet()) {
            assertArrayEquals(before.get(product), back.get(product), product);
        }
    }

    @Test
    void shouldBootstrapANewSavepointFromExportedLearners() throws Exception {
        List<StateTool.ProductState> fixture = StateTool.read(FIXTURE);
        List<String> lines =
                fixture.stream().map(p -> StateTool.export(p, JOB).toString()).toList();
        String fresh = dir.resolve("fresh").toUri().toString();
        SavepointRewrite.bootstrap(StateTool.learners(lines, JOB), null, 128, fresh);

        List<StateTool.ProductState> read = StateTool.read(fresh);
        assertEquals(fixture.size(), read.size());
        for (int i = 0; i < read.size(); i++) {
            assertEquals(json(fixture.get(i).learner()), json(read.get(i).learner()));
            assertNull(read.get(i).nextRound(), "nothing but the learner");
        }
        assertTrue(SavepointRewrite.readBroadcastState(fresh).isEmpty());
    }

    @Test
    void shouldMeasureEachStateOfEachProduct() throws Exception {
        Map<String, byte[]> whole = SavepointRewrite.products(FIXTURE);
        Map<String, int[]> sizes = SavepointRewrite.stateSizes(FIXTURE);
        assertEquals(whole.keySet(), sizes.keySet());
        int learner = SavepointRewrite.stateNames().indexOf("learner");
        for (String product : whole.keySet()) {
            assertEquals(whole.get(product).length, Arrays.stream(sizes.get(product)).sum());
            assertTrue(sizes.get(product)[learner] > 100, "an EXP3 learner over 4 bids");
        }
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        StateTool.sizes(sizes, new java.io.PrintStream(printed, true));
        assertTrue(printed.toString().contains("per product: mean"), printed.toString());
    }

    @Test
    void shouldRefuseALearnerTheJobWouldRestart() throws Exception {
        String exp3 = StateTool.export(StateTool.read(FIXTURE).get(0), JOB).toString();
        JobConfig linUcb = JobConfig.parse(TestingJobs.REQUESTS_JOB);
        IllegalArgumentException refused =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> StateTool.learners(List.of(exp3), linUcb));
        assertTrue(refused.getMessage().contains("line 1"), refused.getMessage());
        assertFalse(StateTool.learners(List.of(exp3), JOB).isEmpty());
    }

    private static void assertSameBroadcastState(
            Map<String, List<byte[][]>> expected, Map<String, List<byte[][]>> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String name : expected.keySet()) {
            assertEquals(encoded(expected.get(name)), encoded(actual.get(name)), name);
        }
    }

    private static Set<String> encoded(List<byte[][]> entries) {
        return entries.stream()
                .map(e -> Arrays.toString(e[0]) + "=" + Arrays.toString(e[1]))
                .collect(Collectors.toSet());
    }

    private static Map<String, StateTool.ProductState> byId(List<StateTool.ProductState> all) {
        return all.stream()
                .collect(Collectors.toMap(StateTool.ProductState::productId, Function.identity()));
    }

    private static String json(PolicyState state) throws Exception {
        return JSON.writeValueAsString(state);
    }
}
