package io.banditflow.core.guard;

import io.banditflow.core.round.RoundClock;
import io.banditflow.core.util.Seeds;
import java.util.Map;

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
        int perDay = clock.periodsPerDay();
        long first = firstRoundOf(dayOf(round));
        // rounds from the day before's first to the decided one: the spend, the day's running sum
        // and the latest round nobody was throttled in, each up to a round
        long from = first - perDay;
        int size = (int) (round - from + 1);
        double[] spend = new double[size];
        boolean[] ended = new boolean[size];
        for (Map.Entry<Long, Double> entry : spendByRound.entrySet()) {
            long r = entry.getKey();
            if (r >= from && r < round) {
                spend[(int) (r - from)] = entry.getValue();
                ended[(int) (r - from)] = true;
            }
        }
        double[] spentBy = new double[size];
        double[] latestUnthrottledBy = new double[size];
        double[] shares = new double[size];
        double latest = Double.NaN;
        for (int i = 0; i < perDay; i++) {
            latest = ended[i] ? spend[i] : latest;
            latestUnthrottledBy[i] = latest;
        }
        for (long r = first; r <= round; r++) {
            int i = (int) (r - from);
            long decidedAt = r == round ? time : clock.decisionTime(r);
            // the rounds ended by then are a prefix: those before the first not ended
            int known = (int) (Math.min(clock.roundOf(decidedAt + 1), r) - 1 - from);
            shares[i] = shareOf(r, i, known, perDay, spend, spentBy, latestUnthrottledBy, shares);
            spentBy[i] = (i > perDay ? spentBy[i - 1] : 0) + spend[i];
            latest = ended[i] && shares[i] >= 1 ? spend[i] : latestUnthrottledBy[i - 1];
            latestUnthrottledBy[i] = latest;
        }
        return shares[size - 1];
    }

    /**
     * The share of round {@code r} (index {@code i}), with the rounds up to index {@code known}
     * ended at its decision and the day's first at index {@code perDay}.
     */
    private double shareOf(
            long r,
            int i,
            int known,
            int perDay,
            double[] spend,
            double[] spentBy,
            double[] latestUnthrottledBy,
            double[] shares) {
        double spent = known >= perDay ? spentBy[known] : 0;
        if (spent >= dailyCap) {
            return 0;
        }
        double latest = known >= 0 ? latestUnthrottledBy[known] : Double.NaN;
        double left = dailyCap - spent;
        for (int underWay = Math.max(known + 1, perDay); underWay < i; underWay++) {
            left -= shares[underWay] * forecast(spend[underWay - perDay], latest);
        }
        double own = forecast(spend[i - perDay], latest);
        return own > 0 ? Math.max(0, Math.min(1, left / own)) : 1;
    }

    /**
     * A round's forecast with every product bidding: the larger of the latest unthrottled known
     * round's spend and the spend of the same period a day before — traffic rises and falls over
     * the day, and the latest round alone missed a morning's rise by a factor of five (and the
     * budget by 15%, `PacedSimulationTest`). The larger, so that an error leaves budget unspent
     * rather than crossing it.
     */
    private static double forecast(double dayBefore, double latest) {
        return Math.max(dayBefore, Double.isNaN(latest) ? 0 : latest);
    }

    /**
     * The spend known at {@code time} of the rounds of {@code round}'s UTC day: of the rounds ended
     * by then, as the global spend cap counts it.
     */
    public static double spentToday(
            Iterable<Map.Entry<Long, Double>> spendByRound,
            RoundClock clock,
            long round,
            long time) {
        long day = Math.floorDiv(clock.roundStart(round), DAY_MILLIS);
        double spent = 0;
        for (Map.Entry<Long, Double> entry : spendByRound) {
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
