package io.banditflow.core.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Products are split by the configured shares, stably, and independently per experiment. */
class ExperimentTest {
    private static final Experiment SPLIT =
            new Experiment(
                    "lin-vs-exp3",
                    List.of(
                            new Experiment.Variant("control", 0.7),
                            new Experiment.Variant("lin", 0.3)));

    @Test
    void shouldSplitProductsByTheirShares() {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            counts.merge(SPLIT.variantOf("p" + i), 1, Integer::sum);
        }
        // binomial standard deviation about 65 of 20,000: 1% is five of them
        assertEquals(14_000, counts.get("control"), 200);
        assertEquals(6_000, counts.get("lin"), 200);
    }

    @Test
    void shouldAssignAProductTheSameWayEveryTimeAndIndependentlyPerExperiment() {
        Experiment again =
                new Experiment(
                        "lin-vs-exp3",
                        List.of(
                                new Experiment.Variant("control", 0.7),
                                new Experiment.Variant("lin", 0.3)));
        Experiment other =
                new Experiment(
                        "another",
                        List.of(
                                new Experiment.Variant("control", 0.7),
                                new Experiment.Variant("lin", 0.3)));
        int sameInOther = 0;
        for (int i = 0; i < 10_000; i++) {
            assertEquals(SPLIT.variantOf("p" + i), again.variantOf("p" + i));
            sameInOther += SPLIT.variantOf("p" + i).equals(other.variantOf("p" + i)) ? 1 : 0;
        }
        // independent assignments agree with probability 0.7² + 0.3² = 0.58
        assertEquals(5_800, sameInOther, 200);
    }

    @Test
    void shouldRefuseSharesThatDoNotAddUpToOne() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new Experiment("e", List.of(new Experiment.Variant("a", 0.5))));
        assertTrue(SPLIT.variants().size() == 2);
    }
}
