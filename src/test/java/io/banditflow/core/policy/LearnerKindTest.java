package io.banditflow.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.bid.BidGrid;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A learner's declaration: its defaults, what it refuses, and the learner it builds. */
class LearnerKindTest {
    private static final BidGrid GRID = BidGrid.sponsoredSearchDefault();

    @Test
    void shouldFillInEveryDefaultButAnOptionalSubsectionsKeys() {
        LearnerSettings settings = BatchExp3.BATCH_EXP3.settings(7, Map.of());
        assertEquals(0.02, settings.get("learningRate"));
        assertEquals(0.05, settings.get("uniformMix"));
        assertFalse(settings.has(BidPrior.BID));
        assertTrue(settings.priorBid().isEmpty());
        assertEquals(7, settings.seed());
    }

    @Test
    void shouldRefuseAParameterTheKindDoesNotDeclare() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> LinUcb.LINUCB.settings(0, Map.of("learningRate", 0.1)));
        assertTrue(e.getMessage().startsWith("learningRate: not a parameter of linucb"));
    }

    @Test
    void shouldStartTheExp3FamilyAtItsPriorWhenTheSettingsNameOne() {
        LearnerSettings withPrior =
                BatchExp3.BATCH_EXP3.settings(
                        0, Map.of(BidPrior.BID, 0.15, BidPrior.CONCENTRATION, 4.0));
        assertEquals(0.15, withPrior.priorBid().getAsDouble());
        PolicyState state = new PolicyState();
        withPrior.create(GRID, 1).initialise(state);
        double[] expected = new BidPrior(0.15, 4).initialScores(GRID, 0.02);
        assertEquals(List.of(box(expected)), List.of(box(state.scores)));
    }

    @Test
    void shouldReportACrossParameterProblemWithItsKey() {
        LearnerSettings undiscounted =
                LinUcb.DISCOUNTED_LINUCB.settings(0, Map.of("discount", 1.0));
        LearnerKind.Problem problem =
                LinUcb.DISCOUNTED_LINUCB.check().apply(undiscounted).orElseThrow();
        assertEquals("discount", problem.key());
        assertTrue(LinUcb.LINUCB.check().apply(LinUcb.LINUCB.settings(0, Map.of())).isEmpty());
    }

    @Test
    void shouldNameEveryKindOnceAndBuildTheAlgorithmItNames() {
        assertEquals(LearnerKinds.names().size(), LearnerKinds.names().stream().distinct().count());
        for (LearnerKind kind : LearnerKinds.ALL) {
            Learner learner = kind.settings(0, Map.of()).create(GRID, 3);
            assertEquals(kind.learns(), learner != null, kind.name());
            if (learner != null) {
                assertEquals(kind.name(), learner.algorithm());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> LearnerKinds.of("ucb9"));
    }

    private static Double[] box(double[] values) {
        return java.util.Arrays.stream(values).boxed().toArray(Double[]::new);
    }
}
