package io.banditflow.core.reward;

import java.util.HashMap;
import java.util.Map;

/**
 * How late conversions come, learned per category from final rounds, and what that says of a round
 * whose attribution window is still open: the share of its conversions that has arrived at a given
 * age, and the value still to come. A learner can then update a day or two before the window
 * closes, from the arrived value plus the expected rest, instead of waiting for it.
 *
 * <p>The rest follows Chapelle ("Modeling delayed feedback in display advertising", KDD 2014): a
 * click with no conversion yet at age a converts later with probability p(1 − G(a)) / (1 − p·G(a)),
 * where G is the delay distribution within the window and p the click's conversion rate. Here p and
 * the value per click are the product's own, from its final rounds, shrunk toward its category's by
 * {@code priorClicks} clicks: a product with a few sales has a noisy rate of its own.
 *
 * <p>Only final rounds are counted. A round still open has shown only its short delays; counting it
 * would make conversions look faster than they are. Delays are counted in fixed bins up to the
 * window: exact to a bin, and deterministic (a quantile sketch's compaction is random, and the same
 * feedback must give the same decisions).
 */
public final class ConversionDelays {
    private final long windowMillis;
    private final long binMillis;
    private final long minConversions;
    private final double priorClicks;
    private final Map<String, Counts> categories = new HashMap<>();
    private final Map<String, Counts> products = new HashMap<>();
    private final Counts all;

    /** Clicks, conversions, value and (for categories) the delay histogram of final rounds. */
    private static final class Counts {
        final long[] bins;
        long clicks;
        long conversions;
        double value;

        Counts(int binCount) {
            bins = new long[binCount];
        }
    }

    /**
     * @param windowMillis the attribution window: no counted delay is longer
     * @param binMillis the width of a delay bin
     * @param minConversions conversions a category needs before its own delays are used; until then
     *     the delays of all categories are, and until those have as many, nothing is known
     * @param priorClicks the weight, in clicks, of the category's rates in a product's
     */
    public ConversionDelays(
            long windowMillis, long binMillis, long minConversions, double priorClicks) {
        if (windowMillis <= 0 || binMillis <= 0 || minConversions < 1 || priorClicks < 0) {
            throw new IllegalArgumentException(
                    "window and bin must be positive, at least one conversion, prior clicks ≥ 0");
        }
        this.windowMillis = windowMillis;
        this.binMillis = binMillis;
        this.minConversions = minConversions;
        this.priorClicks = priorClicks;
        this.all = new Counts(binCount());
    }

    private int binCount() {
        return (int) Math.ceil((double) windowMillis / binMillis);
    }

    /**
     * Counts a final round of a product of {@code category}: its clicks, conversions and value, and
     * the delay from click to conversion of each of its conversions.
     */
    public void addFinalRound(String category, RoundOutcome outcome, long[] conversionDelays) {
        Counts ofCategory = categories.computeIfAbsent(category, c -> new Counts(binCount()));
        for (Counts counts : new Counts[] {ofCategory, all}) {
            add(counts, outcome);
            for (long delay : conversionDelays) {
                counts.bins[bin(delay)]++;
            }
        }
        add(products.computeIfAbsent(outcome.productId(), p -> new Counts(0)), outcome);
    }

    private static void add(Counts counts, RoundOutcome outcome) {
        counts.clicks += outcome.clicks();
        counts.conversions += outcome.conversions();
        counts.value += outcome.conversionValue();
    }

    private int bin(long delay) {
        return DelayModel.binOf(delay, windowMillis, binCount());
    }

    /** Whether enough conversions are known to say anything of {@code category}'s delays. */
    public boolean knows(String category) {
        return delaysOf(category) != null;
    }

    private Counts delaysOf(String category) {
        Counts counts = categories.get(category);
        if (counts != null && counts.conversions >= minConversions) {
            return counts;
        }
        return all.conversions >= minConversions ? all : null;
    }

    /** G: the category's delays (all categories' while it has too few), as a {@link DelayModel}. */
    private DelayModel modelOf(String category) {
        Counts counts = delaysOf(category);
        if (counts == null) {
            throw new IllegalStateException("no delays known for " + category);
        }
        double[] bins = new double[counts.bins.length];
        for (int i = 0; i < bins.length; i++) {
            bins[i] = counts.bins[i];
        }
        return DelayModel.of(windowMillis, bins, 0);
    }

    /**
     * G(age): the share of a category's conversions (within the window) that arrive within {@code
     * ageMillis} of their click, linear within a bin.
     */
    public double arrivedShare(String category, long ageMillis) {
        return modelOf(category).arrivedShare(ageMillis);
    }

    /**
     * The share of a round's conversions arrived by {@code now}, its clicks spread evenly over the
     * round [start, end).
     */
    public double arrivedShare(String category, long roundStart, long roundEnd, long now) {
        if (now < roundEnd) {
            throw new IllegalArgumentException("the round has not ended at " + now);
        }
        return modelOf(category).arrivedShare(roundStart, roundEnd, now);
    }

    /**
     * The expected final outcome of a round of a product of {@code category} from what has arrived
     * by {@code now}: the arrived value plus, for each click not yet converted, its chance to
     * convert still times the product's value per conversion. Conversions stay those arrived.
     */
    public RoundOutcome expectedFinal(
            String category, RoundOutcome arrived, long roundStart, long roundEnd, long now) {
        double g = arrivedShare(category, roundStart, roundEnd, now);
        Counts cat = categories.getOrDefault(category, all);
        Counts own = products.getOrDefault(arrived.productId(), new Counts(0));
        double catRate = cat.clicks == 0 ? 0 : (double) cat.conversions / cat.clicks;
        double catValuePerClick = cat.clicks == 0 ? 0 : cat.value / cat.clicks;
        double weight = own.clicks + priorClicks;
        if (weight == 0) {
            return arrived;
        }
        double rate = (own.conversions + priorClicks * catRate) / weight;
        double valuePerClick = (own.value + priorClicks * catValuePerClick) / weight;
        long unconverted = Math.max(0, arrived.clicks() - arrived.conversions());
        double toCome = unconverted * valuePerClick * (1 - g) / (1 - rate * g);
        return new RoundOutcome(
                arrived.productId(),
                arrived.round(),
                arrived.impressions(),
                arrived.clicks(),
                arrived.cost(),
                arrived.conversions(),
                arrived.conversionValue() + toCome,
                arrived.mobileImpressions(),
                arrived.impressionsWithDevice(),
                arrived.bid());
    }
}
