package io.banditflow.core.guard;

/** A product's spend in a round, as known when the round ended. */
public record RoundSpend(long round, double cost, long clicks) {
    /** Cost per click, or NaN without clicks. */
    public double cpc() {
        return clicks > 0 ? cost / clicks : Double.NaN;
    }
}
