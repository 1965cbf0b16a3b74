package io.banditflow.core.guard;

import io.banditflow.core.round.RoundClock;
import io.banditflow.core.util.Seeds;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps the global daily spend cap from being crossed by rounds already under way. A cap checked
 * against the spend known at a decision lets through the round that crosses it and every round
 * decided before the crossing was known (with {@code time.decisionLead}, the round still running):
 * the capped baseline of the budget scenario spent 18% over its budget that way
 * (docs/evaluation.md, "Budget"). The throttle lets only the share of products that the budget left
 * can pay for bid as their policy says in a round; the others bid the floor, as under the cap.
 *
 * <p>The budget left at a round's decision is the cap less the day's spend known then (the rounds
 * ended by then) and less the spend of the day's rounds under way (decided, not ended): each at the
 * share it was given times its forecast. The forecast of a round's spend with every product bidding
 * is the larger of the latest known round's that nobody was throttled in and the same period's a
 * day before. The shares of the rounds under way are those they were decided with: every share of
 * the day is computed again, in order, from the spend known at its own decision — a pure function
 * of the rounds' spends, so the job and the simulation throttle alike. Which products bid is a
 * seeded draw from the product and the round, the same at any parallelism.
 *
 * <p>Not for a job whose pacer's λ prices its learner's decisions ({@code
 * JobConfig.spendThrottle}): rationing the rounds it paces kept λ low and that learner earned
 * 15–21% less for 2% less spend (docs/evaluation.md, "Budget"); its cap stays a hard stop on the
 * known spend.
 */
public final class SpendThrottle {
    private static final long DAY_MILLIS = 86_400_000L;
    private static final long SALT = 0x5350454E44L;

    private final RoundClock clock;
    private final double dailyCap;

    /**
     * @param dailyCap the global daily spend cap ({@code guardrails.dailySpendCap}); infinite: none
     */
    public SpendThrottle(RoundClock clock, double dailyCap) {
        this.clock = clock;
        this.dailyCap = dailyCap;
    }

    /**
     * The share of products that may bid as their policy says in {@code round}, decided at {@code
     * time}: 1 while the budget left pays for it; 0 once the day's known spend has reached the cap
     * or the rounds under way are forecast to spend the rest.
     *
     * @param spendByRound every product's spend per round, of the rounds that have ended: at least
     *     those of the decided round's day and of the day before
     */
    public double bidShare(Map<Long, Double> spendByRound, long round, long time) {
        if (Double.isInfinite(dailyCap)) {
            return 1;
        }
        TreeMap<Long, Double> spends = new TreeMap<>(spendByRound);
        long first = firstRoundOf(dayOf(round));
        double[] shares = new double[(int) (round - first + 1)];
        for (long r = first; r <= round; r++) {
            long decidedAt = r == round ? time : clock.decisionTime(r);
            shares[(int) (r - first)] = shareAt(spends, shares, first, r, decidedAt);
        }
        return shares[shares.length - 1];
    }

    /**
     * The share of round {@code r} of the day starting at {@code first}, decided at {@code time}.
     */
    private double shareAt(
            TreeMap<Long, Double> spends, double[] shares, long first, long r, long time) {
        double spent = 0;
        double latestUnthrottled = Double.NaN;
        for (Map.Entry<Long, Double> entry : spends.headMap(r, false).entrySet()) {
            long known = entry.getKey();
            if (clock.roundEnd(known) - 1 > time) {
                continue;
            }
            boolean today = known >= first;
            if (today) {
                spent += entry.getValue();
            }
            if (!today || shares[(int) (known - first)] >= 1) {
                latestUnthrottled = entry.getValue();
            }
        }
        if (spent >= dailyCap) {
            return 0;
        }
        double left = dailyCap - spent;
        for (long before = first; before < r; before++) {
            // ended by now: known (a round without an entry spent nothing); else under way
            if (clock.roundEnd(before) - 1 > time) {
                left -=
                        shares[(int) (before - first)]
                                * forecast(spends, before, latestUnthrottled);
            }
        }
        double own = forecast(spends, r, latestUnthrottled);
        return own > 0 ? Math.max(0, Math.min(1, left / own)) : 1;
    }

    /**
     * A round's forecast with every product bidding: the larger of the latest unthrottled known
     * round's spend and the spend of the same period a day before — traffic rises and falls over
     * the day, and the latest round alone missed a morning's rise by a factor of five (and the
     * budget by 15%, `PacedSimulationTest`). The larger, so that an error leaves budget unspent
     * rather than crossing it.
     */
    private double forecast(TreeMap<Long, Double> spends, long round, double latest) {
        double dayBefore = spends.getOrDefault(round - clock.periodsPerDay(), 0.0);
        return Math.max(dayBefore, Double.isNaN(latest) ? 0 : latest);
    }

    /**
     * The spend known at {@code time} of the rounds of {@code round}'s UTC day: of the rounds ended
     * by then, as the global spend cap counts it.
     */
    public static double spentToday(
            Map<Long, Double> spendByRound, RoundClock clock, long round, long time) {
        long day = Math.floorDiv(clock.roundStart(round), DAY_MILLIS);
        double spent = 0;
        for (Map.Entry<Long, Double> entry : spendByRound.entrySet()) {
            long r = entry.getKey();
            if (clock.roundEnd(r) - 1 <= time
                    && Math.floorDiv(clock.roundStart(r), DAY_MILLIS) == day) {
                spent += entry.getValue();
            }
        }
        return spent;
    }

    /**
     * The share of products that bid in a round, and whether one product is among them.
     *
     * @param share in [0, 1]
     * @param bids whether the product bids as its policy says (else the floor)
     */
    public record Share(double share, boolean bids) {
        /** Not throttled: every product bids. */
        public static final Share ALL = new Share(1, true);
    }

    /** The throttle for {@code productId} in {@code round}, decided at {@code time}. */
    public Share of(Map<Long, Double> spendByRound, String productId, long round, long time) {
        double share = bidShare(spendByRound, round, time);
        return new Share(share, bids(productId, round, share));
    }

    /** Whether {@code productId} is one of the share of products that bid in {@code round}. */
    public static boolean bids(String productId, long round, double share) {
        return share >= 1 || Seeds.uniform(Seeds.of(SALT, productId, round)) < share;
    }

    private long dayOf(long round) {
        return Math.floorDiv(clock.roundStart(round), DAY_MILLIS);
    }

    private long firstRoundOf(long day) {
        long first = clock.roundOf(day * DAY_MILLIS);
        return dayOf(first) < day ? first + 1 : first;
    }
}
