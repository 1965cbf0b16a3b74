package io.banditflow.core.context;

import io.banditflow.core.event.CatalogEntry;
import io.banditflow.core.guard.RoundSpend;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * The round context x of the contextual learners, built from the stream alone: every feature a
 * round's decision sees, defined here and nowhere else. Every feature lies in [−1, 1] and is 0 when
 * nothing is known, so that one ridge penalty suits them all and a new product starts neutral.
 *
 * <table>
 *   <caption>Features, in order</caption>
 *   <tr><th>#</th><th>feature</th><th>definition</th></tr>
 *   <tr><td>0</td><td>bias</td><td>1</td></tr>
 *   <tr><td>1, 2</td><td>hour of day</td><td>sin, cos of 2π·h/24, h the UTC hour (fractional) of
 *       the round's midpoint</td></tr>
 *   <tr><td>3, 4</td><td>day of week</td><td>sin, cos of 2π·d/7, d the days since Monday 00:00
 *       UTC (fractional) of the midpoint</td></tr>
 *   <tr><td>5</td><td>recent CTR</td><td>L((clicks + 100·0.05) / (impressions + 100), 0.05, 10)
 *       over the rounds of the last day that had ended at decision time</td></tr>
 *   <tr><td>6</td><td>recent CPC</td><td>L((cost + 5·b) / (clicks + 5), b, 4), same rounds, b the
 *       product's baseline bid</td></tr>
 *   <tr><td>7</td><td>recent conversion rate</td><td>L((conversions + 20·0.03) / (clicks + 20),
 *       0.03, 10) over the final rounds ({@link RecentConversions})</td></tr>
 *   <tr><td>8</td><td>price band</td><td>the catalog band's position in the configured bands,
 *       from −1 (first) to 1 (last); 0 when unknown</td></tr>
 *   <tr><td>9</td><td>base bid</td><td>L(catalog base bid, job baseline bid, 4); 0 when the catalog
 *       has none</td></tr>
 * </table>
 *
 * <p>L(v, r, s) = clip(ln(v / r) / ln s, −1, 1): the log-ratio to a reference in units of a span,
 * so a rate s times the reference is 1. Rates are shrunk towards their reference by pseudo-counts,
 * so thin traffic gives features near 0 instead of noise. The product's category is not a feature
 * (an open set of values does not fit a fixed d); it is the key of category pooling.
 */
public final class ContextFeatures {
    public static final int DIMENSION = 10;

    static final double REFERENCE_CTR = 0.05;
    static final double REFERENCE_CVR = 0.03;
    private static final double PSEUDO_IMPRESSIONS = 100;
    private static final double PSEUDO_CLICKS_CPC = 5;
    private static final double PSEUDO_CLICKS_CVR = 20;

    private final List<String> priceBands;
    private final double baselineBid;

    /**
     * @param priceBands the catalog's price bands from lowest to highest
     * @param baselineBid the job's baseline bid: the reference of CPC and base bid
     */
    public ContextFeatures(List<String> priceBands, double baselineBid) {
        this.priceBands = List.copyOf(priceBands);
        this.baselineBid = baselineBid;
    }

    /**
     * The features of a round.
     *
     * @param lastDay the product's round-end traffic of the rounds of the last day that had ended
     *     at decision time
     * @param conversions the product's recent final conversions, or null
     * @param catalog the product's catalog entry in force, or null
     */
    public double[] of(
            long roundStart,
            long roundEnd,
            List<RoundSpend> lastDay,
            RecentConversions conversions,
            CatalogEntry catalog) {
        double[] x = new double[DIMENSION];
        x[0] = 1;
        ZonedDateTime midpoint =
                Instant.ofEpochMilli(roundStart + (roundEnd - roundStart) / 2)
                        .atZone(ZoneOffset.UTC);
        double hour = midpoint.getHour() + midpoint.getMinute() / 60.0;
        double day = midpoint.getDayOfWeek().getValue() - 1 + hour / 24;
        x[1] = Math.sin(2 * Math.PI * hour / 24);
        x[2] = Math.cos(2 * Math.PI * hour / 24);
        x[3] = Math.sin(2 * Math.PI * day / 7);
        x[4] = Math.cos(2 * Math.PI * day / 7);
        double impressions = 0;
        double clicks = 0;
        double cost = 0;
        for (RoundSpend spend : lastDay) {
            impressions += spend.impressions();
            clicks += spend.clicks();
            cost += spend.cost();
        }
        double reference =
                catalog != null && catalog.hasBaseBid() ? catalog.baseBid() : baselineBid;
        x[5] =
                logRatio(
                        (clicks + PSEUDO_IMPRESSIONS * REFERENCE_CTR)
                                / (impressions + PSEUDO_IMPRESSIONS),
                        REFERENCE_CTR,
                        10);
        x[6] =
                logRatio(
                        (cost + PSEUDO_CLICKS_CPC * reference) / (clicks + PSEUDO_CLICKS_CPC),
                        reference,
                        4);
        if (conversions != null) {
            x[7] =
                    logRatio(
                            (conversions.conversions + PSEUDO_CLICKS_CVR * REFERENCE_CVR)
                                    / (conversions.clicks + PSEUDO_CLICKS_CVR),
                            REFERENCE_CVR,
                            10);
        }
        if (catalog != null && catalog.priceBand() != null && priceBands.size() > 1) {
            int band = priceBands.indexOf(catalog.priceBand());
            x[8] = band < 0 ? 0 : -1 + 2.0 * band / (priceBands.size() - 1);
        }
        if (catalog != null && catalog.hasBaseBid()) {
            x[9] = logRatio(catalog.baseBid(), baselineBid, 4);
        }
        return x;
    }

    /** clip(ln(value / reference) / ln(span), −1, 1). */
    static double logRatio(double value, double reference, double span) {
        if (!(value > 0)) {
            return -1;
        }
        return Math.max(-1, Math.min(1, Math.log(value / reference) / Math.log(span)));
    }
}
