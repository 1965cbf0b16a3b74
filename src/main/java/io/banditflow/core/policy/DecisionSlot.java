package io.banditflow.core.policy;

import io.banditflow.core.round.RoundClock;
import io.banditflow.core.util.Seeds;

/**
 * What a decision is for: a product's round, decided ahead of the round, or one request of the
 * product, answered when it arrives. The slot names the decision (its id) and seeds its draw, so
 * that the same slot decided again carries the same id and draws the same number.
 *
 * @param round the round decided, or the round in which the request arrived
 * @param decidedAt the decision time of the round, or the request's event time
 * @param requestId the request answered, or null for a round's decision
 */
public record DecisionSlot(
        String productId,
        long round,
        long roundStart,
        long roundEnd,
        long decidedAt,
        String requestId) {

    public static DecisionSlot round(
            String productId, long round, long roundStart, long roundEnd, long decidedAt) {
        return new DecisionSlot(productId, round, roundStart, roundEnd, decidedAt, null);
    }

    public static DecisionSlot request(
            String productId,
            String requestId,
            long round,
            long roundStart,
            long roundEnd,
            long requestTime) {
        return new DecisionSlot(productId, round, roundStart, roundEnd, requestTime, requestId);
    }

    /**
     * {@code job/product/round} for a round, {@code job/product/request/requestId} for a request.
     */
    public String decisionId(String job) {
        return requestId == null
                ? Decision.idOf(job, productId, round)
                : job + "/" + productId + "/request/" + requestId;
    }

    /**
     * The period of the day of the slot's round (0: the round starting at midnight UTC), as {@link
     * io.banditflow.core.round.RoundClock#periodOfDay} counts them.
     */
    public int periodOfDay() {
        return RoundClock.periodOfDayAt(roundStart, roundEnd - roundStart);
    }

    /** The seed of this slot's draw: product and round, or product and request. */
    public long seed(long salt) {
        return requestId == null
                ? Seeds.of(salt, productId, round)
                : Seeds.of(salt, productId + "/request/" + requestId, round);
    }
}
