package io.banditflow.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.experiment.Experiment;
import io.banditflow.core.policy.Decision;
import io.banditflow.core.policy.DecisionJson;
import io.banditflow.job.config.JobConfig;
import io.banditflow.testing.TestingJobs;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An A/B experiment through the whole topology: each product bids with its variant's learner, logs
 * the variant with every decision, and decides exactly as it would in a job that ran its variant's
 * learner alone.
 */
class ExperimentITCase {
    @RegisterExtension static final MiniClusterExtension CLUSTER = TestingJobs.miniCluster();

    @Test
    void shouldDecideEachProductWithItsVariantsLearner() throws Exception {
        // an experiment name that puts products a and b in different variants
        String name =
                IntStream.range(0, 100)
                        .mapToObj(i -> "lin-vs-exp3-" + i)
                        .filter(
                                n -> {
                                    Experiment e =
                                            new Experiment(
                                                    n,
                                                    List.of(
                                                            new Experiment.Variant("control", 0.5),
                                                            new Experiment.Variant("lin", 0.5)));
                                    return e.variantOf("a").equals("control")
                                            && e.variantOf("b").equals("lin");
                                })
                        .findFirst()
                        .orElseThrow();
        JobConfig experiment =
                JobConfig.parse(
                        TestingJobs.SMALL_JOB
                                + "drift: {enabled: false}\n"
                                + "experiment:\n  name: "
                                + name
                                + "\n  variants:\n    control: {share: 0.5}\n"
                                + "    lin: {share: 0.5, learner: {algorithm: linucb, seed: 7}}\n");
        List<Decision> decisions =
                TestingJobs.byProductAndRound(
                        TestingJobs.run(experiment, LearnersITCase.input(false), 2).decisions());
        List<Decision> control =
                TestingJobs.byProductAndRound(
                        TestingJobs.run(
                                        JobConfig.parse(
                                                TestingJobs.SMALL_JOB
                                                        + "drift: {enabled: false}\n"),
                                        LearnersITCase.input(false),
                                        2)
                                .decisions());
        List<Decision> lin =
                TestingJobs.byProductAndRound(
                        TestingJobs.run(
                                        LearnersITCase.config("linucb"),
                                        LearnersITCase.input(false),
                                        2)
                                .decisions());

        assertEquals(of("a", control, "control"), of("a", decisions, null));
        assertEquals(of("b", lin, "lin"), of("b", decisions, null));
        assertTrue(
                decisions.stream()
                        .allMatch(
                                d ->
                                        d.variant()
                                                        .equals(
                                                                d.productId().equals("a")
                                                                        ? "control"
                                                                        : "lin")
                                                && d.algorithm()
                                                        .equals(
                                                                d.productId().equals("a")
                                                                        ? "batch-exp3"
                                                                        : "linucb")));
        assertNotEquals(of("b", control, "lin"), of("b", decisions, null), "b's learner differs");
    }

    /** A product's decisions as JSON, as made by {@code variant} (null: as they are). */
    private static List<String> of(String product, List<Decision> decisions, String variant) {
        return decisions.stream()
                .filter(d -> d.productId().equals(product))
                .map(d -> variant == null ? d : d.withVariant(variant))
                .map(DecisionJson::write)
                .toList();
    }
}
