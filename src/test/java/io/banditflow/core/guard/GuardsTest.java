package io.banditflow.core.guard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.bid.BidGrid;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GuardsTest {
    private static final BidGrid GRID = new BidGrid(new double[] {0.05, 0.10, 0.20, 0.40, 0.80});
    private static final int BASELINE = 2; // 0.20

    private static Guards guards(GuardrailSettings settings) {
        return new Guards(settings, GRID, BASELINE);
    }

    private static GuardrailSettings settings(
            double min, double max, double productCap, double globalCap, double spikeFactor) {
        return new GuardrailSettings(
                min,
                max,
                Map.of("narrow", new double[] {0.10, 0.20}),
                productCap,
                globalCap,
                spikeFactor,
                56,
                3,
                4,
                1);
    }

    /** Rounds 0.. with the given CPCs, 10 clicks each. */
    private static List<RoundSpend> rounds(double... cpcs) {
        List<RoundSpend> rounds = new ArrayList<>();
        for (int r = 0; r < cpcs.length; r++) {
            rounds.add(new RoundSpend(r, cpcs[r] * 10, 10));
        }
        return rounds;
    }

    @Test
    void shouldBoundBidsPerProductOrJobWide() {
        Guards g = guards(settings(0.07, 0.5, 1e9, 1e9, Double.POSITIVE_INFINITY));
        assertArrayEquals(new int[] {1, 3}, g.boundedArms("any"));
        assertArrayEquals(new int[] {1, 2}, g.boundedArms("narrow"));
        Guards.Allowed allowed = g.allowed("any", BASELINE, 0, 0, 0, List.of());
        assertEquals(new Guards.Allowed(1, 3, Set.of(Guardrail.BID_BOUNDS), false, false), allowed);
        Guards open = guards(GuardrailSettings.none());
        assertEquals(
                new Guards.Allowed(0, 4, Set.of(), false, false),
                open.allowed("any", BASELINE, 0, 0, 0, List.of()));
        assertThrows(
                IllegalArgumentException.class,
                () -> guards(settings(0.5, 0.6, 1e9, 1e9, 3)).boundedArms("any"));
    }

    @Test
    void shouldBidTheFloorOnceADailyCapIsReached() {
        Guards g = guards(settings(0.07, 0.5, 50, 1000, Double.POSITIVE_INFINITY));
        assertFalse(g.allowed("any", BASELINE, 49.99, 999, 0, List.of()).floorOnly());
        Guards.Allowed product = g.allowed("any", BASELINE, 50, 0, 0, List.of());
        assertTrue(product.floorOnly());
        assertEquals(1, product.lowestArm()); // the floor within the bounds, not the grid's
        assertEquals(1, product.highestArm());
        assertTrue(product.bound().contains(Guardrail.PRODUCT_SPEND_CAP));
        Guards.Allowed global = g.allowed("any", BASELINE, 0, 1000, 0, List.of());
        assertTrue(global.floorOnly());
        assertTrue(global.bound().contains(Guardrail.GLOBAL_SPEND_CAP));
    }

    @Test
    void shouldBidTheFloorWhereTheSpendThrottleLeavesTheProductOut() {
        Guards g = guards(settings(0.07, 0.5, 50, 1000, Double.POSITIVE_INFINITY));
        Guards.Allowed out =
                g.allowed(
                        "any", BASELINE, 0, 900, new SpendThrottle.Share(0.4, false), 0, List.of());
        assertTrue(out.floorOnly());
        assertTrue(out.throttled());
        assertEquals(0.4, out.bidShare());
        assertEquals(1, out.lowestArm());
        assertEquals(1, out.highestArm());
        assertTrue(out.bound().contains(Guardrail.GLOBAL_SPEND_CAP));
        Guards.Allowed in =
                g.allowed(
                        "any", BASELINE, 0, 900, new SpendThrottle.Share(0.4, true), 0, List.of());
        assertFalse(in.floorOnly());
        assertFalse(in.bound().contains(Guardrail.GLOBAL_SPEND_CAP));
        Guards.Allowed reached =
                g.allowed(
                        "any", BASELINE, 0, 1000, new SpendThrottle.Share(0, false), 0, List.of());
        assertFalse(reached.throttled(), "a reached cap is the cap, not the throttle");
    }

    @Test
    void shouldLeaveOutBidsAboveTheBaselineAfterACpcSpike() {
        Guards g = guards(settings(0, 1, 1e9, 1e9, 3));
        // median of 0.10, 0.12, 0.08, 0.11 is 0.105: 0.31 is a spike (> 0.315? no), 0.32 is
        assertFalse(g.cpcSpike(rounds(0.10, 0.12, 0.08, 0.11, 0.31)));
        assertTrue(g.cpcSpike(rounds(0.10, 0.12, 0.08, 0.11, 0.32)));
        Guards.Allowed spiked =
                g.allowed("any", BASELINE, 0, 0, 0, rounds(0.10, 0.12, 0.08, 0.11, 0.32));
        assertEquals(0, spiked.lowestArm());
        assertEquals(BASELINE, spiked.highestArm());
        assertEquals(Set.of(Guardrail.CPC_ANOMALY), spiked.bound());
        // too little history, or too few clicks in the latest round: no judgement
        assertFalse(g.cpcSpike(rounds(0.10, 0.12, 0.08, 0.32)));
        List<RoundSpend> thin = new ArrayList<>(rounds(0.10, 0.12, 0.08, 0.11));
        thin.add(new RoundSpend(9, 2.0, 2));
        assertFalse(g.cpcSpike(thin));
        // a guard that is off never fires
        assertFalse(
                guards(settings(0, 1, 1e9, 1e9, Double.POSITIVE_INFINITY))
                        .cpcSpike(rounds(0.1, 0.1, 0.1, 0.1, 9)));
    }

    @Test
    void shouldStopExplorationOnceItHasHadItsShareOfTodaysSpend() {
        Guards capped = guards(withExplorationShare(0.2));
        assertFalse(
                capped.explorationCapReached(Guards.exploredShare(0, 0)), "a day starts exploring");
        assertFalse(capped.explorationCapReached(Guards.exploredShare(19.99, 100)));
        assertTrue(capped.explorationCapReached(Guards.exploredShare(20, 100)));
        Guards.Allowed allowed = capped.allowed("any", BASELINE, 100, 0, 0.25, List.of());
        assertTrue(allowed.exploitOnly());
        assertEquals(Set.of(Guardrail.EXPLORATION_CAP), allowed.bound());
        assertTrue(
                guards(withExplorationShare(0)).explorationCapReached(Double.NaN),
                "0: never explore");
        assertFalse(guards(withExplorationShare(1)).explorationCapReached(1), "1: no cap");
        // a spend cap's floor comes first
        Guards both =
                guards(
                        new GuardrailSettings(
                                0,
                                Double.POSITIVE_INFINITY,
                                Map.of(),
                                50,
                                Double.POSITIVE_INFINITY,
                                Double.POSITIVE_INFINITY,
                                56,
                                3,
                                4,
                                0.2));
        Guards.Allowed floor = both.allowed("any", BASELINE, 60, 0, 0.5, List.of());
        assertTrue(floor.floorOnly());
        assertFalse(floor.exploitOnly());
    }

    private static GuardrailSettings withExplorationShare(double share) {
        return new GuardrailSettings(
                0,
                Double.POSITIVE_INFINITY,
                Map.of(),
                Double.POSITIVE_INFINITY,
                Double.POSITIVE_INFINITY,
                Double.POSITIVE_INFINITY,
                56,
                3,
                4,
                share);
    }
}
