package io.banditflow.core.guard;

import io.banditflow.core.bid.BidGrid;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Decides which bids a product may play in a round, from its bid bounds, its recent cost per click
 * and the day's spend. Pure: the policy operator gathers the spend it knows at the decision time
 * and asks.
 *
 * <ul>
 *   <li><b>Bid bounds</b> restrict the learner to the grid's bids within [min, max] (per product or
 *       job-wide).
 *   <li><b>CPC anomaly</b>: when the latest round with enough clicks cost more per click than
 *       {@code cpcSpikeFactor} times the median of the rounds before it, bids above the baseline
 *       are left out until a round is back below.
 *   <li><b>Spend caps</b> are hard: once today's spend (the product's, or all products') has
 *       reached its cap, the product bids the floor — the lowest bid its bounds allow — until the
 *       UTC day ends.
 *   <li><b>Exploration cap</b>: once the product's spend today on bids other than the learner's
 *       best has reached the configured share of its spend today, it bids its best until the day
 *       ends. Every product under the share keeps all products together under it too.
 * </ul>
 */
public final class Guards {
    /**
     * What the guardrails allow for one decision.
     *
     * @param floorOnly a spend cap was reached, or the spend throttle sent this product to the
     *     floor: only the lowest allowed bid
     * @param exploitOnly the exploration cap was reached: only the learner's best allowed bid
     * @param bidShare the share of products the global spend throttle let bid this round ({@link
     *     SpendThrottle}); 1 when it did not throttle
     */
    public record Allowed(
            int lowestArm,
            int highestArm,
            Set<Guardrail> bound,
            boolean floorOnly,
            boolean exploitOnly,
            double bidShare) {
        /** Not throttled. */
        public Allowed(
                int lowestArm,
                int highestArm,
                Set<Guardrail> bound,
                boolean floorOnly,
                boolean exploitOnly) {
            this(lowestArm, highestArm, bound, floorOnly, exploitOnly, 1);
        }

        /** Whether the spend throttle, not a reached cap, sent the product to the floor. */
        public boolean throttled() {
            return floorOnly && bidShare < 1;
        }
    }

    private final GuardrailSettings settings;
    private final BidGrid grid;
    private final int baselineArm;

    public Guards(GuardrailSettings settings, BidGrid grid, int baselineArm) {
        this.settings = settings;
        this.grid = grid;
        this.baselineArm = baselineArm;
    }

    public GuardrailSettings settings() {
        return settings;
    }

    /** The arms within a product's bid bounds, as {lowest, highest}. */
    public int[] boundedArms(String productId) {
        double[] bounds =
                settings.productBidBounds()
                        .getOrDefault(
                                productId, new double[] {settings.minBid(), settings.maxBid()});
        int lowest = -1;
        int highest = -1;
        for (int arm = 0; arm < grid.size(); arm++) {
            double bid = grid.bid(arm);
            if (bid >= bounds[0] && bid <= bounds[1]) {
                lowest = lowest < 0 ? arm : lowest;
                highest = arm;
            }
        }
        if (lowest < 0) {
            throw new IllegalArgumentException(
                    "bid bounds " + Arrays.toString(bounds) + " leave no bid of " + grid);
        }
        return new int[] {lowest, highest};
    }

    /** The job's baseline arm moved into a product's bid bounds. */
    public int baselineArm(String productId) {
        int[] bounds = boundedArms(productId);
        return Math.max(bounds[0], Math.min(bounds[1], baselineArm));
    }

    /** A product's own baseline bid (from the catalog): its nearest arm within its bounds. */
    public int baselineArm(String productId, double bid) {
        int[] bounds = boundedArms(productId);
        return Math.max(bounds[0], Math.min(bounds[1], grid.nearestArm(bid)));
    }

    /**
     * @param productBaselineArm the product's baseline arm (the cap under a CPC spike)
     * @param productSpendToday the product's spend in rounds of the decision's day known so far
     * @param globalSpendToday all products' spend in those rounds
     * @param exploredToday the share of the product's spend today that went to bids other than the
     *     learner's best at the time; NaN before anything was spent
     * @param recent the product's known rounds, oldest first, ending with the latest known
     */
    public Allowed allowed(
            String productId,
            int productBaselineArm,
            double productSpendToday,
            double globalSpendToday,
            double exploredToday,
            List<RoundSpend> recent) {
        return allowed(
                productId,
                productBaselineArm,
                productSpendToday,
                globalSpendToday,
                SpendThrottle.Share.ALL,
                exploredToday,
                recent);
    }

    /**
     * The same under the global spend throttle ({@link SpendThrottle}): a product it does not let
     * bid this round bids the floor.
     */
    public Allowed allowed(
            String productId,
            int productBaselineArm,
            double productSpendToday,
            double globalSpendToday,
            SpendThrottle.Share throttle,
            double exploredToday,
            List<RoundSpend> recent) {
        int[] bounds = boundedArms(productId);
        Set<Guardrail> bound = EnumSet.noneOf(Guardrail.class);
        if (bounds[0] > 0 || bounds[1] < grid.size() - 1) {
            bound.add(Guardrail.BID_BOUNDS);
        }
        if (productSpendToday >= settings.productDailySpendCap()) {
            bound.add(Guardrail.PRODUCT_SPEND_CAP);
        }
        if (globalSpendToday >= settings.dailySpendCap()) {
            bound.add(Guardrail.GLOBAL_SPEND_CAP);
        }
        if (bound.contains(Guardrail.PRODUCT_SPEND_CAP)
                || bound.contains(Guardrail.GLOBAL_SPEND_CAP)) {
            return new Allowed(bounds[0], bounds[0], bound, true, false);
        }
        if (!throttle.bids()) {
            bound.add(Guardrail.GLOBAL_SPEND_CAP);
            return new Allowed(bounds[0], bounds[0], bound, true, false, throttle.share());
        }
        int highest = bounds[1];
        if (cpcSpike(recent)) {
            bound.add(Guardrail.CPC_ANOMALY);
            highest = Math.max(bounds[0], Math.min(highest, productBaselineArm));
        }
        boolean exploitOnly = explorationCapReached(exploredToday);
        if (exploitOnly) {
            bound.add(Guardrail.EXPLORATION_CAP);
        }
        return new Allowed(bounds[0], highest, bound, false, exploitOnly);
    }

    /**
     * Whether exploration has had its share of today's spend. A share of 0 never explores; any
     * other share lets a day start exploring and stops it once the explored share of the spend
     * known at the decision reaches it (so what is in flight can overshoot it by its spend).
     *
     * @param exploredToday the explored share of today's known spend, NaN before any spend
     */
    boolean explorationCapReached(double exploredToday) {
        double share = settings.explorationShare();
        if (share >= 1) {
            return false;
        }
        return share == 0 || (exploredToday > 0 && exploredToday >= share);
    }

    /** The explored share of a spend: NaN when nothing was spent. */
    public static double exploredShare(double explorationSpend, double spend) {
        return spend > 0 ? explorationSpend / spend : Double.NaN;
    }

    /** Whether the latest round with enough clicks is a spike against the rounds before it. */
    boolean cpcSpike(List<RoundSpend> recent) {
        if (!Double.isFinite(settings.cpcSpikeFactor())) {
            return false;
        }
        double[] cpcs =
                recent.stream()
                        .filter(r -> r.clicks() >= settings.cpcMinClicks())
                        .mapToDouble(RoundSpend::cpc)
                        .toArray();
        if (cpcs.length < settings.cpcMinRounds() + 1) {
            return false;
        }
        double latest = cpcs[cpcs.length - 1];
        int from = Math.max(0, cpcs.length - 1 - settings.cpcTrailingRounds());
        double[] before = Arrays.copyOfRange(cpcs, from, cpcs.length - 1);
        Arrays.sort(before);
        int n = before.length;
        double median = n % 2 == 1 ? before[n / 2] : (before[n / 2 - 1] + before[n / 2]) / 2;
        return latest > settings.cpcSpikeFactor() * median;
    }
}
