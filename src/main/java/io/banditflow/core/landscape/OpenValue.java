package io.banditflow.core.landscape;

import io.banditflow.core.reward.DelayModel;

/**
 * What a product's rounds still inside the attribution window say of its value per click: each
 * round's clicks weighted by the share of their conversions the delay model says has arrived, and
 * the conversions and value that have arrived (docs/learners.md, "Delayed sales"). A click of age a
 * has shown a share G(a) of its eventual conversions, so against the arrived conversions it counts
 * as G(a) clicks: the conversion rate stays unbiased, and yesterday's clicks teach today what the
 * final rounds teach two days later. Rounds are added as they stand at one time, and the sums
 * replace the previous ones (a round that became final leaves them and is counted in full).
 *
 * @param clicks Σ G · clicks of the open rounds
 * @param conversions Σ conversions arrived of the open rounds
 * @param value Σ their value
 */
public record OpenValue(double clicks, double conversions, double value) {
    public static final OpenValue NONE = new OpenValue(0, 0, 0);

    /** Sums open rounds as they stand at {@code now}, against one delay model. */
    public static final class Sum {
        private final DelayModel delays;
        private final long now;
        private double clicks;
        private double conversions;
        private double value;

        /**
         * @param delays the delay model of the product's category, or null when none is known
         */
        public Sum(DelayModel delays, long now) {
            this.delays = delays;
            this.now = now;
        }

        /**
         * Adds a round [start, end) that has ended by {@code now} and is not final: its clicks, and
         * the conversions (with their value) that arrived by {@code now}. Without a delay model it
         * adds nothing: the round waits to be final.
         */
        public Sum add(
                long roundStart,
                long roundEnd,
                long roundClicks,
                long arrivedConversions,
                double arrivedValue) {
            if (delays == null || roundEnd - 1 > now || roundClicks <= 0) {
                return this; // a round without clicks has no sales to wait for
            }
            double weighted = roundClicks * delays.arrivedShare(roundStart, roundEnd, now);
            // a round whose sales came faster than its category's counts at least its sales as
            // clicks: a rate above 1 is no evidence
            clicks += Math.max(weighted, Math.min(roundClicks, arrivedConversions));
            conversions += Math.min(roundClicks, arrivedConversions);
            value += arrivedValue;
            return this;
        }

        /**
         * Adds a round of a mature batch ({@link
         * io.banditflow.core.round.RoundClock#batchMatureTime}) while no delay model is known: its
         * clicks whole against the conversions (and value) arrived by now. Most of its sales have
         * come, so the rate it gives is low only by the share still to come, the side that bids
         * less; with a delay model {@link #add} weighs it by G instead.
         */
        public Sum addMature(long roundClicks, long arrivedConversions, double arrivedValue) {
            if (delays != null) {
                throw new IllegalStateException("a delay model weighs every open round");
            }
            if (roundClicks <= 0) {
                return this; // a round without clicks has no sales to wait for
            }
            clicks += roundClicks;
            conversions += Math.min(roundClicks, arrivedConversions);
            value += arrivedValue;
            return this;
        }

        public OpenValue sum() {
            return clicks == 0 && conversions == 0 && value == 0
                    ? NONE
                    : new OpenValue(clicks, conversions, value);
        }
    }
}
