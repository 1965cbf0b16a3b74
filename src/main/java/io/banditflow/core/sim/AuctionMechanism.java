package io.banditflow.core.sim;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a won click costs in the simulated auction. The learners are told none of this: a policy
 * that only works under one rule is a policy tuned to a simulator (docs/evaluation.md,
 * "Mechanisms").
 */
public enum AuctionMechanism {
    /** The highest competing bid: truthful bidding is optimal, the best bid is the value. */
    SECOND_PRICE,
    /** The bid itself: the best bid shades below the value. */
    FIRST_PRICE,
    /** Halfway between the bid and the highest competing bid (a hybrid some exchanges run). */
    HYBRID;

    /** The name on the command line: {@code second-price}, {@code first-price}, {@code hybrid}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The mechanism named {@code id}. */
    public static AuctionMechanism of(String id) {
        return Arrays.stream(values())
                .filter(m -> m.id().equals(id))
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "no mechanism "
                                                + id
                                                + "; there are "
                                                + Arrays.stream(values())
                                                        .map(AuctionMechanism::id)
                                                        .toList()));
    }

    /** A won click's cost at {@code bid} against the highest competing bid {@code competing}. */
    public double cost(double bid, double competing) {
        return switch (this) {
            case SECOND_PRICE -> competing;
            case FIRST_PRICE -> bid;
            case HYBRID -> (bid + competing) / 2;
        };
    }

    /**
     * E[cost; won] at {@code bid}: from the probability of winning and E[C; C &lt; bid], the
     * partial expectation of the highest competing bid.
     */
    public double expectedCostIfWon(double bid, double winProbability, double partialExpectation) {
        return switch (this) {
            case SECOND_PRICE -> partialExpectation;
            case FIRST_PRICE -> bid * winProbability;
            case HYBRID -> (bid * winProbability + partialExpectation) / 2;
        };
    }
}
