package io.banditflow.core.context;

import static io.banditflow.testing.TestTime.H;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.banditflow.core.event.CatalogEntry;
import io.banditflow.core.event.ProductStatus;
import io.banditflow.core.guard.RoundSpend;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContextFeaturesTest {

    /** Monday 2024-01-01 00:00 UTC. */
    private static final long MONDAY = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

    private final ContextFeatures features =
            new ContextFeatures(List.of("low", "mid", "high"), 0.2);

    @Test
    void shouldStartNeutralWithTimeOfDayAndWeekOnly() {
        // a 3-hour round 04:30-07:30 Monday: midpoint 06:00, a quarter of the day
        double[] x = features.of(MONDAY + 9 * H / 2, MONDAY + 15 * H / 2, List.of(), null, null);
        double day = 0.25 / 7;
        assertArrayEquals(
                new double[] {
                    1, 1, 0, Math.sin(2 * Math.PI * day), Math.cos(2 * Math.PI * day), 0, 0, 0, 0, 0
                },
                x,
                1e-12);
    }

    @Test
    void shouldShrinkRecentRatesTowardsTheirReferencesAndTakeLogRatios() {
        // last day: 900 impressions, 95 clicks costing 9.5 (CPC 0.10 on a baseline bid of 0.20)
        List<RoundSpend> lastDay =
                List.of(new RoundSpend(1, 4.0, 40, 400), new RoundSpend(2, 5.5, 55, 500));
        RecentConversions conversions = new RecentConversions();
        conversions.addBatch(180, 24); // 24 sales of 180 clicks
        double[] x = features.of(MONDAY, MONDAY + H, lastDay, conversions, null);
        // CTR (95 + 5) / (900 + 100) = 0.1: twice the reference 0.05, log10(2)
        assertEquals(Math.log10(2), x[5], 1e-12);
        // CPC (9.5 + 5 · 0.2) / (95 + 5) = 0.105 against 0.2, in units of ln 4
        assertEquals(Math.log(0.105 / 0.2) / Math.log(4), x[6], 1e-12);
        // conversion rate (24 + 0.6) / (180 + 20) = 0.123 against 0.03, in decades
        assertEquals(Math.log10(0.123 / 0.03), x[7], 1e-12);
    }

    @Test
    void shouldClipEveryFeatureToPlusMinusOne() {
        List<RoundSpend> flood = List.of(new RoundSpend(1, 0, 100_000, 100_000)); // CTR 1, CPC 0
        double[] x = features.of(MONDAY, MONDAY + H, flood, null, null);
        assertEquals(1, x[5], 0);
        assertEquals(-1, x[6], 0);
    }

    @Test
    void shouldPlaceCatalogAttributesAndUseTheBaseBidAsCpcReference() {
        CatalogEntry premium =
                new CatalogEntry("p", "shoes", "high", 0.8, ProductStatus.ACTIVE, MONDAY);
        CatalogEntry mid = new CatalogEntry("p", "shoes", "mid", Double.NaN, null, MONDAY);
        CatalogEntry unknown = new CatalogEntry("p", "shoes", "luxury", 0.05, null, MONDAY);
        List<RoundSpend> atBase = List.of(new RoundSpend(1, 8.0, 10, 200));
        double[] x = features.of(MONDAY, MONDAY + H, atBase, null, premium);
        assertEquals(1, x[8], 0);
        assertEquals(1, x[9], 0); // 0.8 is 4 × the baseline bid 0.2
        // CPC (8 + 5 · 0.8) / 15 = 0.8: exactly the product's base bid
        assertEquals(0, x[6], 1e-12);
        assertEquals(0, features.of(MONDAY, MONDAY + H, List.of(), null, mid)[8], 0);
        assertEquals(0, features.of(MONDAY, MONDAY + H, List.of(), null, mid)[9], 0);
        double[] cheap = features.of(MONDAY, MONDAY + H, List.of(), null, unknown);
        assertEquals(0, cheap[8], 0, "a band not in the configured list");
        assertEquals(-1, cheap[9], 0);
    }

    @Test
    void shouldDiscountConversionsByHalfPerBatch() {
        RecentConversions conversions = new RecentConversions();
        conversions.addBatch(100, 4);
        conversions.addBatch(20, 0);
        assertEquals(70, conversions.clicks, 0);
        assertEquals(2, conversions.conversions, 0);
    }
}
