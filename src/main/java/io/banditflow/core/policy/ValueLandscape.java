package io.banditflow.core.policy;

import io.banditflow.core.bid.BidGrid;
import io.banditflow.core.landscape.BidLandscape;
import io.banditflow.core.landscape.LandscapeState;
import io.banditflow.core.landscape.OpenValue;
import io.banditflow.core.landscape.Population;
import io.banditflow.core.landscape.ValuePrior;
import io.banditflow.core.reward.RoundOutcome;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Value per click × bid landscape (docs/learners.md, "Value per click × bid landscape"): expected
 * profit at bid b is n(b) · (v − k(b)), with v the product's value per click, which does not depend
 * on the bid and so is learned from every click of every round, shrunk toward its population's
 * ({@link ValuePrior}); and n(b), k(b) its clicks per unit of traffic and cost per click at b,
 * dense and non-decreasing in b ({@link BidLandscape}).
 *
 * <p>Decision: M posterior draws of the landscape, seeded by the seed of the first decision after
 * the state last changed; each draw's best bid by n(b)·(v̂ − k(b)) over the bids it may play; the
 * policy is the share of draws each bid won, kept until the next update, and each decision draws
 * its bid from it with its own seed. The logged propensity is that share: the probability the bid
 * was drawn with, exactly. v̂ is the posterior mean, not a draw: every click teaches it whatever
 * the bid, so drawing it would add noise without buying information.
 *
 * <p>Exploration is bounded where the business needs it: a bid is only played if it is within
 * {@code trustSteps} grid steps of a bid already played, its batch mature ({@link #learnMature}) or
 * final (the first decisions stay next to the start bid), and not above the upper credible bound of
 * v (z = {@code valueBound} posterior standard deviations of the conversion rate): a click never
 * costs more than the bid, so a bid at most v cannot lose money on average, and one above what the
 * value posterior supports is not explored. For the same reason every bid up to the lower credible
 * bound of v (z = {@code safeBound}) is open whatever was played: it risks no money, only profit;
 * and a product losing money at every bid it learned whole (a click there costs more than v's upper
 * bound) may go down to it at once.
 */
public final class ValueLandscape implements Learner {
    private static final LearnerParameter START_BID =
            LearnerParameter.number(
                    BidPrior.BID,
                    Double.NaN,
                    1e-9,
                    Double.MAX_VALUE,
                    "the bid played before learning: the first decisions stay next to it, and it is"
                            + " a product's value per click until its population is pooled;"
                            + " required with `prior`");
    private static final LearnerParameter START_CLICKS =
            LearnerParameter.number(
                    "prior.clicks",
                    50,
                    1,
                    1e6,
                    "how many clicks of a product's own that start value stands for");
    private static final LearnerParameter DISCOUNT = LearnerParameter.discount(0.99);
    private static final LearnerParameter DRAWS =
            LearnerParameter.whole(
                    "draws",
                    64,
                    8,
                    Short.MAX_VALUE,
                    "M, landscape draws behind each decision's policy (kept as 16-bit counts per"
                            + " period of the day)");
    private static final LearnerParameter VALUE_BOUND =
            LearnerParameter.number(
                    "valueBound",
                    2,
                    0,
                    10,
                    "z: no bid above the conversion rate's mean + z posterior sd, times value per"
                            + " conversion");
    private static final LearnerParameter SPREAD =
            LearnerParameter.number(
                    "spread",
                    0.5,
                    0.05,
                    1,
                    "the landscape draws' spread against the posterior's: 1 is Thompson sampling,"
                            + " less explores less");
    private static final LearnerParameter TRUST_STEPS =
            LearnerParameter.whole(
                    "trustSteps",
                    1,
                    1,
                    100,
                    "how many grid steps beyond the bids played it explores");

    private static final LearnerParameter SAFE_BOUND =
            LearnerParameter.number(
                    "safeBound",
                    1,
                    0,
                    10,
                    "z: bids up to the conversion rate's mean − z posterior sd, times value per"
                            + " conversion, are open beyond `trustSteps`: they lose no money on"
                            + " average");

    private static final LearnerParameter LANDSCAPE_WHEN_ENDED =
            LearnerParameter.whole(
                    "landscapeWhenEnded",
                    1,
                    0,
                    1,
                    "1: learn clicks and cost at each bid when a batch's rounds end, two days"
                            + " before they are final; 0: when final (docs/learners.md)");

    private static final LearnerParameter VALUE_WHEN_OPEN =
            LearnerParameter.whole(
                    "valueWhenOpen",
                    1,
                    0,
                    1,
                    "1: learn value per click from clicks still inside the attribution window,"
                            + " each weighted by the share of its sales its category's delays say"
                            + " has arrived; 0: from final rounds only");

    /** The conversion rate the start value assumes (only its product with value matters). */
    private static final double START_RATE = 0.02;

    public static final LearnerKind KIND =
            new LearnerKind(
                    "value-landscape",
                    "value per click (pooled across products) × bid landscape (monotone"
                            + " posteriors of clicks and cost per click at each bid), Thompson"
                            + " sampling of the landscape",
                    List.of(
                            START_BID,
                            START_CLICKS,
                            DISCOUNT,
                            DRAWS,
                            VALUE_BOUND,
                            SPREAD,
                            TRUST_STEPS,
                            SAFE_BOUND,
                            LANDSCAPE_WHEN_ENDED,
                            VALUE_WHEN_OPEN),
                    ValueLandscape::create);

    private final BidGrid grid;
    private final BidLandscape landscape;
    private final ValuePrior start;
    private final int startArm;
    private final double discount;
    private final int draws;
    private final double valueBound;
    private final int trustSteps;
    private final double safeBound;
    private final double spread;
    private final boolean landscapeWhenEnded;
    private final boolean valueWhenOpen;

    /**
     * As a job file's learner section sets it ({@code settings}: every parameter declared above,
     * its defaults filled in), over {@code grid}.
     */
    public ValueLandscape(BidGrid grid, LearnerSettings settings) {
        double startBid =
                settings.has(BidPrior.BID) ? settings.get(BidPrior.BID) : grid.bid(grid.size() / 2);
        double startClicks =
                settings.has(START_CLICKS.key())
                        ? settings.get(START_CLICKS.key())
                        : START_CLICKS.defaultValue();
        this.grid = grid;
        this.landscape = new BidLandscape(grid);
        this.start =
                new ValuePrior(
                        START_RATE * startClicks,
                        (1 - START_RATE) * startClicks,
                        startBid / START_RATE,
                        1);
        this.startArm = grid.nearestArm(startBid);
        this.discount = settings.get(DISCOUNT.key());
        this.draws = (int) settings.get(DRAWS.key());
        this.valueBound = settings.get(VALUE_BOUND.key());
        this.spread = settings.get(SPREAD.key());
        this.trustSteps = (int) settings.get(TRUST_STEPS.key());
        this.safeBound = settings.get(SAFE_BOUND.key());
        this.landscapeWhenEnded = settings.get(LANDSCAPE_WHEN_ENDED.key()) == 1;
        this.valueWhenOpen = settings.get(VALUE_WHEN_OPEN.key()) == 1;
    }

    /**
     * With the parameters {@code values} sets by their job-file keys ({@code prior.bid}, {@code
     * safeBound}, …) and every other at its declared default: the one way to configure it, whether
     * from a job file, a study or a test.
     */
    public static ValueLandscape of(BidGrid grid, Map<String, Double> values) {
        return new ValueLandscape(grid, KIND.settings(0, values));
    }

    private static ValueLandscape create(LearnerSettings settings, BidGrid grid, int dimension) {
        return new ValueLandscape(grid, settings);
    }

    @Override
    public String algorithm() {
        return KIND.name();
    }

    @Override
    public boolean contextual() {
        return false;
    }

    @Override
    public void initialise(PolicyState state) {
        state.landscape = landscape.newState();
    }

    /**
     * A category's pooled rewards are no landscape, but they say where the category earns most: the
     * new product's first decisions stay next to that bid ({@link PooledPrior#bestPlayedArm})
     * instead of the configured start, so its first week is not spent climbing to it one grid step
     * per update (docs/learners.md, "Cold start"). Its value per click starts from its
     * population's, as every product's does.
     */
    @Override
    public void initialise(PolicyState state, PooledPrior prior) {
        Learner.checkArms(prior, landscape.arms());
        initialise(state);
        int best = prior.bestPlayedArm();
        if (best >= 0) {
            state.landscape.startBid = landscape.bid(best);
        }
    }

    @Override
    public boolean initialised(PolicyState state) {
        return state.landscape != null
                && state.landscape.exposure.length == landscape.arms()
                && state.landscape.impressions != null;
    }

    /** v̂: the product's posterior mean value per click. */
    public double valuePerClick(LandscapeState state) {
        return state.priorOr(start)
                .valuePerClick(state.valueClicks(), state.valueConversions(), state.valueSum());
    }

    /**
     * v̂ with its interval (the conversion rate's posterior mean ± 2 standard deviations, times the
     * value per conversion), the start's or population's prior value per click it shrinks to, and,
     * where the population's factors by period of the day are in force, v̂ in each period h ({@code
     * valuePerClickInPeriod<h>}: v̂ · r_h).
     */
    @Override
    public Map<String, Double> beliefs(PolicyState state) {
        if (!initialised(state)) {
            return Map.of();
        }
        LandscapeState s = state.landscape;
        ValuePrior prior = s.priorOr(start);
        Map<String, Double> beliefs = new LinkedHashMap<>();
        beliefs.put("valuePerClick", valuePerClick(s));
        beliefs.put(
                "valuePerClickLow",
                prior.boundOfValuePerClick(
                        s.valueClicks(), s.valueConversions(), s.valueSum(), -2));
        beliefs.put(
                "valuePerClickHigh",
                prior.boundOfValuePerClick(s.valueClicks(), s.valueConversions(), s.valueSum(), 2));
        beliefs.put("priorValuePerClick", prior.valuePerClick());
        if (s.periodFactors != null) {
            for (int h = 0; h < s.periodFactors.length; h++) {
                beliefs.put("valuePerClickInPeriod" + h, valuePerClick(s) * s.periodFactor(h));
            }
        }
        return beliefs;
    }

    /** The lower credible bound of v up to which every bid is open. */
    double valueLowerBound(LandscapeState state) {
        return valueBound(state, -safeBound);
    }

    /** The upper credible bound of v above which no bid is played. */
    public double valueUpperBound(LandscapeState state) {
        return valueBound(state, valueBound);
    }

    /** v's credible bound {@code z} posterior standard deviations of the conversion rate away. */
    private double valueBound(LandscapeState state, double z) {
        return state.priorOr(start)
                .boundOfValuePerClick(
                        state.valueClicks(), state.valueConversions(), state.valueSum(), z);
    }

    /**
     * The choice of a round of no particular period, unpaced: value per click is the day's (factor
     * 1), its distribution drawn for this decision and not kept.
     */
    @Override
    public Choice choose(
            PolicyState state, double[] context, int lowestArm, int highestArm, long seed) {
        return choose(state, context, lowestArm, highestArm, seed, Conditions.NONE);
    }

    /**
     * The decision distributions are drawn by the first decision after the state changed (with that
     * decision's seed) and kept in the state for the next ones until it changes again, as Batch
     * EXP3 keeps its distribution for a batch; each decision then draws its bid from them with its
     * own seed. The M draws were most of a decision's cost (docs/benchmarks.md).
     *
     * <p>In a round of period h ({@link Conditions#periodOfDay}), v̂ is scaled by the population's
     * factor of that period ({@link LandscapeState#periodFactor}). Without pacing, the first
     * decision after the state changed draws the M landscape draws once and keeps, for every period
     * of the day, the share of draws each bid won at that period's value: the next decisions of any
     * period draw their bid from it. With the pacer's λ above 0 the draws weigh cost by 1 + λ, and
     * their distribution is not kept: λ moves every round, so it is drawn again for each decision
     * (with its seed), as is one of no period.
     */
    @Override
    public Choice choose(
            PolicyState state,
            double[] context,
            int lowestArm,
            int highestArm,
            long seed,
            Conditions conditions) {
        LandscapeState model = state.landscape;
        int[] range = range(model, lowestArm, highestArm);
        SplittableRandom random = new SplittableRandom(seed);
        double u = random.nextDouble();
        double pacingLambda = conditions.pacingLambda();
        int periodOfDay = conditions.periodOfDay();
        double[] probabilities;
        if (pacingLambda > 0 || periodOfDay < 0) {
            probabilities =
                    shares(
                            drawWins(
                                    model,
                                    range,
                                    random.split(),
                                    1 + pacingLambda,
                                    factor(model, periodOfDay)),
                            range,
                            0);
        } else {
            int row = model.periodRow(periodOfDay);
            probabilities = model.policyFor(range[0], range[1], row, landscape.arms());
            if (probabilities == null) {
                short[] wins = drawWins(model, range, random.split(), 1, Double.NaN);
                model.keepPolicy(wins, range[0], range[1]);
                state.changedByDecision = true;
                probabilities = shares(wins, range, row);
            }
        }
        int arm = sample(probabilities, range, u);
        return new Choice(arm, probabilities, PropensityMethod.EXACT, 0);
    }

    /** The factor of value per click in {@code periodOfDay}: 1 for none (&lt; 0). */
    private static double factor(LandscapeState model, int periodOfDay) {
        return periodOfDay < 0 ? 1 : model.periodFactor(model.periodRow(periodOfDay));
    }

    /**
     * How many of M posterior draws of the landscape each bid of the range wins, at v̂ times {@code
     * factor}, or with {@code factor} NaN at v̂ times each period's factor, one row per period
     * ({@link LandscapeState#policyWins}'s layout): every period's best bid from the same draws.
     */
    private short[] drawWins(
            LandscapeState model,
            int[] range,
            SplittableRandom random,
            double costWeight,
            double factor) {
        double value = valuePerClick(model);
        double[] values;
        if (Double.isNaN(factor)) {
            values = new double[model.periods()];
            for (int row = 0; row < values.length; row++) {
                values[row] = value * model.periodFactor(row);
            }
        } else {
            values = new double[] {value * factor};
        }
        int arms = landscape.arms();
        int width = range[1] - range[0] + 1;
        double[] clicks = new double[arms];
        double[] cost = new double[arms];
        short[] wins = new short[values.length * width];
        UniformRandomProvider stream = random::nextLong;
        BidLandscape.Posterior.Draws posterior =
                landscape.posterior(model, range[0], range[1], spread).draws(stream);
        for (int m = 0; m < draws; m++) {
            posterior.next(clicks, cost);
            int previous = -1;
            for (int row = 0; row < values.length; row++) {
                int best =
                        row > 0 && values[row] == values[row - 1]
                                ? previous
                                : best(clicks, cost, costWeight, values[row], range);
                wins[row * width + best - range[0]]++;
                previous = best;
            }
        }
        return wins;
    }

    /** {@code row}'s wins as probabilities over every bid (0 outside the range). */
    private double[] shares(short[] wins, int[] range, int row) {
        return LandscapeState.shares(wins, range[0], range[1], row, landscape.arms());
    }

    @Override
    public int bestArm(PolicyState state, double[] context, int lowestArm, int highestArm) {
        return bestArm(state, context, lowestArm, highestArm, Conditions.NONE);
    }

    /** By the posterior means, at v̂ times the factor of the conditions' period (1 for none). */
    @Override
    public int bestArm(
            PolicyState state,
            double[] context,
            int lowestArm,
            int highestArm,
            Conditions conditions) {
        LandscapeState model = state.landscape;
        int[] range = range(model, lowestArm, highestArm);
        double[] clicks = new double[landscape.arms()];
        double[] cost = new double[landscape.arms()];
        landscape.posterior(model, range[0], range[1]).means(clicks, cost);
        double value = valuePerClick(model) * factor(model, conditions.periodOfDay());
        return best(clicks, cost, 1 + conditions.pacingLambda(), value, range);
    }

    /**
     * The arm of the highest n(b)·(v − w·k(b)) in the range, w = 1 + λ of the pacer; the lowest bid
     * on ties.
     */
    private static int best(
            double[] clicks, double[] cost, double costWeight, double value, int[] range) {
        int best = range[0];
        double bestProfit = Double.NEGATIVE_INFINITY;
        for (int i = range[0]; i <= range[1]; i++) {
            double profit = clicks[i] * (value - costWeight * cost[i]);
            if (profit > bestProfit) {
                best = i;
                bestProfit = profit;
            }
        }
        return best;
    }

    private static int sample(double[] probabilities, int[] range, double u) {
        double cumulative = 0;
        for (int i = range[0]; i < range[1]; i++) {
            cumulative += probabilities[i];
            if (u < cumulative) {
                return i;
            }
        }
        for (int i = range[1]; i > range[0]; i--) {
            if (probabilities[i] > 0) {
                return i;
            }
        }
        return range[0];
    }

    /**
     * The arms it may play: the guardrails' range, within {@code trustSteps} of the bids played and
     * learned whole, their batch mature or final (of the start bid before any: a bid whose rounds
     * have ended has its clicks and cost learned, not yet its sales; stepping from it would follow
     * the first, noisiest value per click before the evidence behind the step is in) or at most the
     * value's lower bound ({@code safeBound}), and up to the value's upper bound (at least the
     * lowest). A bid at most the lower bound costs at most what a click is worth, so trying it
     * risks no money, only the profit of the bid it replaces: a product whose sales show it is
     * worth far more than it bids climbs there in one update instead of one grid step per update
     * (docs/learners.md). The same holds downward for a product whose clicks cost more than even
     * v's upper bound at every bid it learned whole (a start bid above value under first price):
     * the bids down to the lower bound open. And where the whole region lies above the upper bound,
     * the product bids the highest bid under it.
     */
    int[] range(LandscapeState state, int lowestArm, int highestArm) {
        int low = Integer.MAX_VALUE;
        int high = Integer.MIN_VALUE;
        for (int i = 0; i < landscape.arms(); i++) {
            if (landscape.trusted(state, i)) {
                low = Math.min(low, i);
                high = Math.max(high, i);
            }
        }
        if (low > high) {
            low = startArm(state);
            high = low;
        }
        int top = Math.min(landscape.arms() - 1, Math.min(highestArm, high + trustSteps));
        int bottom = Math.max(0, Math.max(lowestArm, low - trustSteps));
        if (bottom > top) {
            int only = high + trustSteps < lowestArm ? lowestArm : Math.min(highestArm, top);
            return new int[] {only, only};
        }
        int ceiling = Math.min(landscape.arms() - 1, highestArm);
        double safe = valueLowerBound(state);
        int safeArm = highestSupported(safe, lowestArm, ceiling);
        top = Math.max(top, safeArm);
        double upper = valueUpperBound(state);
        if (landscape.bid(bottom) > safe && losesAtEveryTrustedBid(state, low, high, upper)) {
            bottom = Math.min(bottom, safeArm);
        }
        top = Math.min(top, highestSupported(upper, lowestArm, ceiling));
        return new int[] {Math.min(bottom, top), top};
    }

    /**
     * Whether, by the posterior means, a click at every bid learned whole in {@code low..high}
     * costs more than v's upper credible bound: the product surely loses money wherever it has been
     * (against v̂ itself, noisy with few sales, it opened bids far down on sparse markets:
     * docs/learners.md).
     */
    private boolean losesAtEveryTrustedBid(LandscapeState state, int low, int high, double upper) {
        if (landscape.bid(low) <= upper) {
            // a click costs at most its bid, and the monotone fit only lowers the lowest bid's
            // cost: the decisions' usual case, answered without the posterior
            return false;
        }
        double[] clicks = new double[landscape.arms()];
        double[] cost = new double[landscape.arms()];
        landscape.posterior(state, low, high).means(clicks, cost);
        boolean any = false;
        for (int i = low; i <= high; i++) {
            if (landscape.trusted(state, i)) {
                if (cost[i] <= upper) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }

    /**
     * The highest bid at most {@code bound}, at least {@code lowestArm} and at most {@code
     * ceiling}.
     */
    private int highestSupported(double bound, int lowestArm, int ceiling) {
        int arm = Math.max(0, lowestArm);
        while (arm < ceiling && landscape.bid(arm + 1) <= bound) {
            arm++;
        }
        return arm;
    }

    /** Where the first decisions stay: the category's bid if it gave one, else the start bid. */
    private int startArm(LandscapeState state) {
        return state.startBid > 0 ? grid.nearestArm(state.startBid) : startArm;
    }

    @Override
    public boolean learnsFromRewards() {
        return false;
    }

    /** Cost per click is a click's cost, capped at the bid: λ is applied when deciding. */
    @Override
    public boolean weighsCostWhenDeciding() {
        return true;
    }

    @Override
    public boolean poolsValue() {
        return true;
    }

    @Override
    public void update(PolicyState state, List<PlayedRound> played, double[] rewards) {
        throw new UnsupportedOperationException(
                "value-landscape learns from what a round was, not a scalar: call learn");
    }

    /** The whole batch at once: its landscape, then its value. */
    @Override
    public void learn(PolicyState state, LearningBatch batch) {
        learnEnded(state, batch);
        learnFinal(state, batch);
    }

    /**
     * The landscape is complete when the rounds end (impressions, clicks, cost at the bid played),
     * so with {@code landscapeWhenEnded} (the default) it is learned then, two days before the
     * conversions are final; the trust region still grows only from bids learned whole ({@link
     * #range}), so a landscape sharp early does not carry bids after the first, noisiest value per
     * click (docs/learners.md).
     */
    @Override
    public boolean learnsWhenEnded() {
        return landscapeWhenEnded;
    }

    @Override
    public void learnEnded(PolicyState state, LearningBatch ended) {
        LandscapeState model = state.landscape;
        model.changed();
        landscape.trustPlayed(model); // restored from before: what it played was learned whole
        landscape.discountLandscape(model, discount);
        for (int t = 0; t < ended.played().size(); t++) {
            RoundOutcome outcome = ended.outcomes().get(t);
            landscape.observe(
                    model,
                    ended.played().get(t).arm(),
                    ended.trafficShares()[t],
                    outcome.impressions(),
                    outcome.clicks(),
                    outcome.cost());
        }
    }

    /** Value per click, from every click of the final batch and its attributed conversions. */
    @Override
    public void learnFinal(PolicyState state, LearningBatch batch) {
        LandscapeState model = state.landscape;
        model.changed();
        landscape.discountValue(model, discount);
        for (PlayedRound played : batch.played()) {
            landscape.trust(model, played.arm());
        }
        for (RoundOutcome outcome : batch.outcomes()) {
            model.totalClicks += outcome.clicks();
            model.conversions += outcome.conversions();
            model.value += outcome.conversionValue();
        }
        if (batch.population() != null) {
            model.keepPopulation(batch.population());
        }
    }

    /**
     * Yes: a mature batch's bids join the trust region ({@link #range}) as a final batch's do. What
     * the trust waits for is the evidence behind a step — the sales of the clicks at the bids
     * played — and most of those have come by then; a window of weeks would otherwise hold every
     * product within a grid step of its start bid for those weeks (docs/learners.md, "Attribution
     * windows longer than two days").
     */
    @Override
    public boolean learnsWhenMature() {
        return true;
    }

    /**
     * The mature batch's bids join the trust region, and the product takes its population's value
     * per click in force then, as at a final batch.
     */
    @Override
    public boolean learnMature(PolicyState state, List<PlayedRound> played, Population population) {
        LandscapeState model = state.landscape;
        if (model == null) {
            return false;
        }
        // restored from before: what it played was learned whole
        boolean changed = model.trusted == null || keepsAnother(model, population);
        if (population != null) {
            model.keepPopulation(population);
        }
        landscape.trustPlayed(model);
        for (PlayedRound round : played) {
            changed |= !model.trusted[round.arm()];
            landscape.trust(model, round.arm());
        }
        if (changed) {
            // every change, also of a bid without traffic yet: the job stores the state only then
            model.changed();
        }
        return changed;
    }

    /**
     * Whether {@code population} would change the prior or the period factors {@code model} keeps.
     */
    private static boolean keepsAnother(LandscapeState model, Population population) {
        return population != null
                && ((population.prior() != null && !population.prior().equals(model.priorOr(null)))
                        || (population.periodFactors() != null
                                && !Arrays.equals(
                                        population.periodFactors(), model.periodFactors)));
    }

    @Override
    public boolean learnsOpenValue() {
        return valueWhenOpen;
    }

    /** Value per click also from the rounds inside the attribution window, as they stand now. */
    @Override
    public boolean learnOpen(PolicyState state, OpenValue open) {
        LandscapeState model = state.landscape;
        if (model == null || open.equals(model.open())) {
            return false;
        }
        model.changed();
        model.keepOpen(open);
        return true;
    }

    @Override
    public void recover(PolicyState state, RecoveryAction action, double decay) {
        state.landscape.changed();
        switch (action) {
            case KEEP -> {}
            case DECAY -> {
                landscape.discount(state.landscape, decay);
            }
            case RESET -> {
                LandscapeState fresh = landscape.newState();
                fresh.keepPrior(state.landscape.priorOr(start));
                fresh.periodFactors =
                        state.landscape.periodFactors; // the population's, not its own
                fresh.startBid = state.landscape.startBid;
                state.landscape = fresh;
            }
        }
    }
}
