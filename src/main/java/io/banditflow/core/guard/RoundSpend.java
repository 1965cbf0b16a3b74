package io.banditflow.core.guard;

/**
 * A product's traffic and spend in a round, as known when the round ended.
 *
 * @param impressions 0 in state written before the field existed
 */
public record RoundSpend(long round, double cost, long clicks, long impressions) {
    public RoundSpend(long round, double cost, long clicks) {
        this(round, cost, clicks, 0);
    }

    /** Cost per click, or NaN without clicks. */
    public double cpc() {
        return clicks > 0 ? cost / clicks : Double.NaN;
    }
}
