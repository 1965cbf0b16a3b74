package io.banditflow.core.sim;

import io.banditflow.core.context.ContextFeatures;
import io.banditflow.core.context.RecentConversions;
import io.banditflow.core.decide.Decider;
import io.banditflow.core.decide.DecisionRules;
import io.banditflow.core.decide.EndedBatch;
import io.banditflow.core.decide.FinalBatch;
import io.banditflow.core.decide.OpenRounds;
import io.banditflow.core.decide.ProductView;
import io.banditflow.core.decide.Verdict;
import io.banditflow.core.event.EventType;
import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.guard.BudgetPacer;
import io.banditflow.core.guard.Guardrail;
import io.banditflow.core.guard.Guards;
import io.banditflow.core.guard.RoundSpend;
import io.banditflow.core.guard.SpendThrottle;
import io.banditflow.core.landscape.Population;
import io.banditflow.core.landscape.ValuePooling;
import io.banditflow.core.landscape.ValuePools;
import io.banditflow.core.policy.BidPolicy;
import io.banditflow.core.policy.Decision;
import io.banditflow.core.policy.DecisionSlot;
import io.banditflow.core.policy.PlayedRound;
import io.banditflow.core.policy.PolicyState;
import io.banditflow.core.policy.PooledPrior;
import io.banditflow.core.policy.RecoveryAction;
import io.banditflow.core.pool.CategoryPool;
import io.banditflow.core.pool.CategoryPooling;
import io.banditflow.core.reward.ConversionDelays;
import io.banditflow.core.reward.DelayModel;
import io.banditflow.core.reward.RoundOutcome;
import io.banditflow.core.reward.RoundTally;
import io.banditflow.core.reward.TrafficProfile;
import io.banditflow.core.round.RoundClock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The job's learning loop without Flink: every product decides each round with the same core
 * classes, the market plays the bids, feedback is attributed to its click's round within the
 * attribution window, and a batch is applied once it is final. Contexts are built as the job builds
 * them: from the traffic of rounds that had ended at decision time and the conversions of final
 * batches. Products take part from the first round unless {@link #launching} says otherwise; with
 * {@link #poolingByCategory}, a product launched later starts from its category's pooled evidence,
 * folded in when a batch is final. For tests and quick studies; the Flink job is the reference for
 * activation, inactivity and time.
 */
public final class ClosedLoopSimulation {
    private static final long DAY_MILLIS = 86_400_000L;

    private final Market market;
    private final BidPolicy policy;
    private final TrafficProfile trafficProfile;
    private final RoundClock clock;
    private final ContextFeatures contextFeatures;
    private final DecisionRules rules;
    private final Decider decider;

    private final Map<String, PolicyState> states = new HashMap<>();
    private final Map<String, Map<Long, PlayedRound>> played = new HashMap<>();
    private final Map<String, Map<Long, RoundTally>> tallies = new HashMap<>();
    private final Map<String, Map<Long, RoundTally>> atRoundEnd = new HashMap<>();
    private final Map<String, RecentConversions> conversions = new HashMap<>();
    private final Map<Long, Long> impressionsByRound = new HashMap<>();
    private final Map<String, Long> launches = new HashMap<>();
    private final Map<String, Long> activeFrom = new HashMap<>();
    private Double bidBeforeActivation;
    private BudgetPacer pacer;

    /** The global cap's throttle, as the job's ({@code JobConfig.spendThrottle}), or null. */
    private SpendThrottle throttle;

    /** All products' spend per round, as the job's policy sees the global spend (pacing only). */
    private final TreeMap<Long, Double> spendByRound = new TreeMap<>();

    private int floorArm;
    private final Map<Long, Double> lambdaByRound = new HashMap<>();
    private final TreeMap<Long, Double> lambdaAfterRound = new TreeMap<>();
    private double spend;

    /** The spend of each UTC day played, in order: how a pacer kept to a daily budget. */
    private final TreeMap<Long, Double> spendByDay = new TreeMap<>();

    private final Map<String, Double> expectedProfitByProduct = new HashMap<>();
    private final Map<String, CategoryPool> pools = new HashMap<>();
    private CategoryPooling pooling;
    private final ValuePooling valuePooling;
    private boolean knowsCategories;
    private ConversionDelays delays;
    private long delayLagMillis;
    private final Map<String, Map<Long, List<Long>>> conversionDelays = new HashMap<>();

    /** Per product and round, each conversion with its time and value, until the batch is final. */
    private final Map<String, Map<Long, double[]>> arrivedConversions = new HashMap<>();

    private Long nextEarlyBatch;
    private DecisionObserver observer = (decision, expected) -> {};
    private Consumer<FeedbackEvent> eventObserver = event -> {};
    private double expectedProfit;
    private Long nextBatch;

    /** The next batch whose ended rounds the learner learns ({@link EndedBatch}). */
    private Long nextEndedBatch;

    /** The next batch the learner learns when mature ({@link RoundClock#batchMatureTime}). */
    private Long nextMatureBatch;

    /** The latest batches folded into the value pools as final and as mature. */
    private long lastPooledFinal = Long.MIN_VALUE;

    private long lastPooledMature = Long.MIN_VALUE;

    public ClosedLoopSimulation(
            Market market,
            BidPolicy policy,
            TrafficProfile trafficProfile,
            ContextFeatures contextFeatures) {
        this.market = market;
        this.contextFeatures = contextFeatures;
        this.policy = policy;
        this.trafficProfile = trafficProfile;
        this.clock = market.scenario().clock();
        this.valuePooling = new ValuePooling(clock.periodsPerDay());
        this.rules = new DecisionRules(policy.learns(), 1);
        // no drift monitors here, so no fallback to recover from
        this.decider = new Decider(policy, RecoveryAction.KEEP, 1);
    }

    /**
     * A product's view in the simulated market: every bid allowed, no catalog, kill switch or
     * drift; once the day's budget is spent, the floor only (the job's global spend cap), and the
     * floor too where the cap's throttle leaves the product out ({@code throttle}: the round's
     * share, 1 when it does not throttle). The baseline arm is the bid before activation's, else
     * the grid's median.
     */
    private ProductView view(boolean capped, double throttle) {
        int arms = policy.grid().size();
        int baselineArm =
                bidBeforeActivation != null
                        ? policy.grid().nearestArm(bidBeforeActivation)
                        : arms / 2;
        Guards.Allowed allowed =
                capped || throttle < 1
                        ? new Guards.Allowed(
                                floorArm,
                                floorArm,
                                EnumSet.of(Guardrail.GLOBAL_SPEND_CAP),
                                true,
                                false,
                                capped ? 1 : throttle)
                        : new Guards.Allowed(
                                0, arms - 1, EnumSet.noneOf(Guardrail.class), false, false);
        return new ProductView(null, baselineArm, null, null, allowed);
    }

    /** The product bids from {@code round} on, not before. */
    public ClosedLoopSimulation launching(String productId, long round) {
        launches.put(productId, round);
        return this;
    }

    /**
     * Products start as the job starts them: each bids {@code baselineBid} (not learned from) until
     * its first event, and decides from the first round whose decision time lies after that event.
     */
    public ClosedLoopSimulation activatingOnFirstEvent(double baselineBid) {
        this.bidBeforeActivation = baselineBid;
        return this;
    }

    /**
     * All products share a daily budget, paced by {@code budgetPacer}: the learners weigh each
     * round's cost by 1 + λ of the round, and once a day's spend reaches the budget every product
     * bids {@code floor} (not learned from) until the day ends; unless λ paces the learner as it
     * decides, the budget is throttled before it is reached, as in the job ({@link SpendThrottle}).
     */
    public ClosedLoopSimulation pacing(BudgetPacer budgetPacer, double floor) {
        this.pacer = budgetPacer;
        this.throttle =
                budgetPacer == null || policy.pacedAsItDecides()
                        ? null
                        : new SpendThrottle(clock, budgetPacer.dailyBudget());
        this.floorArm = policy.grid().nearestArm(floor);
        return this;
    }

    /** The click costs of every round played so far. */
    public double spend() {
        return spend;
    }

    /** The realised spend of each UTC day played so far, the first day first. */
    public double[] spendByDay() {
        return spendByDay.values().stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * All products' factors of value per click by period of the day as pooled so far ({@link
     * ValuePools#periodFactors}), or null before any batch was pooled.
     */
    public double[] periodFactors() {
        return valuePooling.pools().periodFactors();
    }

    /** New products start from their category's pooled evidence, as the job's cold start does. */
    public ClosedLoopSimulation poolingByCategory(CategoryPooling categoryPooling) {
        this.pooling = categoryPooling;
        return knowingCategories();
    }

    /**
     * The products' categories are known, as the job knows them from a catalog: value per click is
     * pooled per category as well as over all products. Without, over all products only.
     */
    public ClosedLoopSimulation knowingCategories() {
        this.knowsCategories = true;
        return this;
    }

    /**
     * Learners do not wait for a batch to be final: at the first decision at least {@code
     * lagMillis} after a batch ends, each product whose category's delays {@code model} knows
     * learns from the batch's expected final outcomes (what has arrived plus the value still to
     * come); a product whose category's are not known yet waits for the batch to be final. Final
     * batches then teach the model, not the learners; contexts and pooling still use final batches
     * only.
     */
    public ClosedLoopSimulation modellingDelay(ConversionDelays model, long lagMillis) {
        this.delays = model;
        this.delayLagMillis = lagMillis;
        return this;
    }

    /** Told of every decision and the profit its bid is expected to earn. */
    public interface DecisionObserver {
        void decided(Decision decision, double expectedProfit);
    }

    public ClosedLoopSimulation observing(DecisionObserver decisionObserver) {
        this.observer = decisionObserver;
        return this;
    }

    /** Told of every event the market sends, before the attribution window is checked. */
    public ClosedLoopSimulation observingEvents(Consumer<FeedbackEvent> events) {
        this.eventObserver = events;
        return this;
    }

    /**
     * Plays rounds [first, first + count), continuing where the previous call ended, and returns
     * the expected profit of all bids played so far.
     */
    public double run(long first, int count) {
        if (nextBatch == null) {
            nextBatch = clock.batchOf(first);
            nextEarlyBatch = nextBatch;
            nextEndedBatch = nextBatch;
            nextMatureBatch = nextBatch;
        }
        for (long round = first; round < first + count; round++) {
            learnUpTo(round);
            long day = Math.floorDiv(clock.roundStart(round), DAY_MILLIS);
            // as the job: the spend known at the decision, of the rounds ended by then
            boolean capped =
                    pacer != null
                            && SpendThrottle.spentToday(
                                            spendByRound.entrySet(),
                                            clock,
                                            round,
                                            clock.decisionTime(round))
                                    >= pacer.dailyBudget();
            if (pacer != null) {
                lambdaByRound.put(round, lambdaKnownAt(clock.decisionTime(round)));
            }
            // the job's rules, the same for every product here: no catalog, kill switch or drift;
            // a spent budget caps
            Verdict roundVerdict = rules.verdict(view(capped, 1));
            double share =
                    throttle == null || capped
                            ? 1
                            : throttle.bidShare(spendByRound, round, clock.decisionTime(round));
            Verdict leftOut = share < 1 ? rules.verdict(view(false, share)) : roundVerdict;
            Map<String, MarketSimulator.Bid> bids = new HashMap<>();
            for (SimProduct product : market.scenario().products()) {
                if (round >= launches.getOrDefault(product.id(), Long.MIN_VALUE)) {
                    boolean bidding = SpendThrottle.bids(product.id(), round, share);
                    bids.put(product.id(), bid(product, round, bidding ? roundVerdict : leftOut));
                }
            }
            double roundSpend = 0;
            for (FeedbackEvent event : market.playRound(round, bids)) {
                roundSpend += event.cost();
                observe(event);
            }
            spend += roundSpend;
            spendByDay.merge(day, roundSpend, Double::sum);
            if (pacer != null) {
                spendByRound.put(round, roundSpend);
                spendByRound.headMap(round - 2L * clock.periodsPerDay()).clear();
                pacer.roundEnded(day, clock.periodOfDay(round), roundSpend);
                lambdaAfterRound.put(round, pacer.lambda());
                lambdaAfterRound.headMap(round - clock.periodsPerDay()).clear();
            }
        }
        return expectedProfit;
    }

    /** Applies every batch final (and, with a delay model, learns early) before the round. */
    private void learnUpTo(long round) {
        long decisionTime = clock.decisionTime(round);
        while (delays != null
                && clock.roundStart(clock.firstRoundOfBatch(nextEarlyBatch + 1)) + delayLagMillis
                        <= decisionTime) {
            // what has arrived is every event before this round: the rounds played so far
            learnEarly(nextEarlyBatch++, clock.roundStart(round));
        }
        // in event-time order, as the job's timers fire; at the same time the final batch first
        boolean learnsWhenEnded =
                delays == null
                        && (policy.learner().learnsWhenEnded()
                                || policy.learner().learnsOpenValue());
        boolean matures =
                delays == null
                        && clock.maturesBeforeFinal()
                        && (policy.learner().learnsWhenMature() || poolsWhenMature());
        while (true) {
            long finalAt = clock.batchFinalTime(nextBatch);
            long endedAt = learnsWhenEnded ? clock.batchEndedTime(nextEndedBatch) : Long.MAX_VALUE;
            long matureAt = matures ? clock.batchMatureTime(nextMatureBatch) : Long.MAX_VALUE;
            if (finalAt < decisionTime && finalAt <= endedAt && finalAt <= matureAt) {
                applyBatch(nextBatch++);
            } else if (endedAt <= decisionTime && endedAt <= matureAt) {
                learnEnded(nextEndedBatch++);
            } else if (matureAt <= decisionTime) {
                learnMature(nextMatureBatch++);
            } else {
                return;
            }
        }
    }

    /**
     * At a batch's mature time the value pools fold its rounds as they stand, and each product that
     * played rounds in it learns them as the job does ({@link
     * io.banditflow.core.policy.Learner#learnMature}), then what its open rounds show.
     */
    private void learnMature(long batch) {
        long time = clock.batchMatureTime(batch);
        long first = clock.firstRoundOfBatch(batch);
        long end = clock.firstRoundOfBatch(batch + 1);
        ValuePools pools = poolValueAt(time);
        if (!policy.learner().learnsWhenMature()) {
            return;
        }
        for (SimProduct product : market.scenario().products()) {
            Map<Long, PlayedRound> log = played.get(product.id());
            PolicyState state = states.get(product.id());
            if (log == null || state == null) {
                continue;
            }
            List<PlayedRound> rounds = new ArrayList<>();
            for (long round = first; round < end; round++) {
                PlayedRound p = log.get(round);
                if (p != null) {
                    rounds.add(p);
                }
            }
            if (!rounds.isEmpty()) {
                policy.applyMature(state, rounds, pools.populationOf(product.category()), time);
                learnOpen(product, pools, time);
            }
        }
    }

    /**
     * At a batch's ended time, each product that played rounds in it learns what they were then
     * (impressions, clicks, cost), as the job does, with the traffic shares known then (of the
     * whole days ended by then).
     */
    private void learnEnded(long batch) {
        long time = clock.batchEndedTime(batch);
        long first = clock.firstRoundOfBatch(batch);
        long end = clock.firstRoundOfBatch(batch + 1);
        double[] shares =
                trafficProfile.shares(
                        clock.dayOfFirstRoundNotEndedAt(time),
                        r -> impressionsByRound.getOrDefault(r, 0L));
        ValuePools pools = valuePooling.pools();
        for (SimProduct product : market.scenario().products()) {
            Map<Long, PlayedRound> log = played.get(product.id());
            PolicyState state = states.get(product.id());
            if (log == null || state == null) {
                continue;
            }
            Map<Long, RoundTally> productTallies = tallies.getOrDefault(product.id(), Map.of());
            EndedBatch ended = new EndedBatch(product.id());
            for (long round = first; round < end; round++) {
                RoundTally tally = productTallies.get(round);
                ended.add(
                        round,
                        log.get(round),
                        tally == null ? null : tally.toOutcome(product.id(), round));
            }
            ended.applyTo(policy, state, clock, shares, this::lambdaWhenDecided, time);
            if (ended.learns()) {
                learnOpen(product, pools, time);
            }
        }
    }

    /**
     * As the job: a learner that learns value per click from the rounds inside the attribution
     * window learns what they show at {@code time} ({@link OpenRounds}).
     */
    private void learnOpen(SimProduct product, ValuePools pools, long time) {
        if (delays != null || !policy.learner().learnsOpenValue()) {
            return;
        }
        Map<Long, double[]> arrived = arrivedConversions.getOrDefault(product.id(), Map.of());
        SortedMap<Long, double[]> rounds = new TreeMap<>();
        tallies.getOrDefault(product.id(), Map.of())
                .forEach(
                        (round, tally) -> {
                            if (clock.roundEnd(round) - 1 <= time) {
                                rounds.put(
                                        round,
                                        OpenRounds.withClicks(arrived.get(round), tally.clicks));
                            }
                        });
        Map<Long, PlayedRound> log = played.getOrDefault(product.id(), Map.of());
        policy.applyOpen(
                states.get(product.id()),
                OpenRounds.at(
                        clock,
                        rounds,
                        log::containsKey,
                        pools.delaysOf(product.category(), clock.attributionMillis()),
                        time),
                time);
    }

    /** As in the job: λ after the latest round that had ended by the decision time; 0 before. */
    private double lambdaKnownAt(long decisionTime) {
        for (Long r : lambdaAfterRound.descendingKeySet()) {
            if (clock.roundEnd(r) - 1 <= decisionTime) {
                return lambdaAfterRound.get(r);
            }
        }
        return 0;
    }

    /**
     * A product's bid in a round: before its activation the bid it had (no decision, as in the
     * job), a fixed bid of the rules, or the learner's decision, logged for its batch update.
     */
    private MarketSimulator.Bid bid(SimProduct product, long round, Verdict roundVerdict) {
        boolean inactive =
                bidBeforeActivation != null
                        && round < activeFrom.getOrDefault(product.id(), Long.MAX_VALUE);
        if (inactive || roundVerdict instanceof Verdict.FixedBid) {
            double fixed =
                    inactive
                            ? bidBeforeActivation
                            : policy.grid().bid(((Verdict.FixedBid) roundVerdict).arm());
            count(product, round, fixed);
            return new MarketSimulator.Bid(fixed, null);
        }
        long decisionTime = clock.decisionTime(round);
        PolicyState state =
                states.computeIfAbsent(
                        product.id(), id -> policy.newState(prior(product, decisionTime)));
        Decision d =
                decider.decide(
                                DecisionSlot.round(
                                        product.id(),
                                        round,
                                        clock.roundStart(round),
                                        clock.roundEnd(round),
                                        decisionTime),
                                state,
                                false,
                                roundVerdict,
                                context(product.id(), round, decisionTime),
                                lambdaWhenDecided(round))
                        .decision();
        played.computeIfAbsent(product.id(), id -> new HashMap<>()).put(round, policy.played(d));
        observer.decided(d, count(product, round, d.bid()));
        return new MarketSimulator.Bid(d.bid(), d.decisionId());
    }

    /** Adds a bid's expected profit to the run's and the product's; returns it. */
    private double count(SimProduct product, long round, double bid) {
        double expected = market.expectedProfit(product, round, bid);
        expectedProfit += expected;
        expectedProfitByProduct.merge(product.id(), expected, Double::sum);
        return expected;
    }

    /**
     * Takes in one event of the market as the job would: activation, the round it is attributed to
     * (at the round's end and when final), global traffic, and conversion delays.
     */
    private void observe(FeedbackEvent event) {
        eventObserver.accept(event);
        if (bidBeforeActivation != null) {
            activeFrom.merge(
                    event.productId(), clock.firstDecisionRoundAfter(event.eventTime()), Math::min);
        }
        if (event.eventTime() - event.attributionTime() > clock.attributionMillis()) {
            return; // outside the attribution window: the job sends it to the late output
        }
        long attributed = clock.roundOf(event.attributionTime());
        tallies.computeIfAbsent(event.productId(), id -> new HashMap<>())
                .computeIfAbsent(attributed, r -> new RoundTally())
                .add(event);
        if (event.eventTime() < clock.roundEnd(attributed)) {
            atRoundEnd
                    .computeIfAbsent(event.productId(), id -> new HashMap<>())
                    .computeIfAbsent(attributed, r -> new RoundTally())
                    .add(event);
        }
        if (event.type() == EventType.IMPRESSION) {
            impressionsByRound.merge(attributed, 1L, Long::sum);
        }
        if (event.type() == EventType.CONVERSION
                && policy.learner() != null
                && (policy.learner().learnsOpenValue() || poolsWhenMature())) {
            arrivedConversions
                    .computeIfAbsent(event.productId(), id -> new HashMap<>())
                    .merge(
                            attributed,
                            OpenRounds.withConversion(null, event.eventTime(), event.value()),
                            (had, one) ->
                                    OpenRounds.withConversion(
                                            had, event.eventTime(), event.value()));
        }
        if (delays != null && event.type() == EventType.CONVERSION) {
            conversionDelays
                    .computeIfAbsent(event.productId(), id -> new HashMap<>())
                    .computeIfAbsent(attributed, r -> new ArrayList<>())
                    .add(event.eventTime() - event.attributionTime());
        }
    }

    /** The expected profit of the bids one product has played so far. */
    public double expectedProfit(String productId) {
        return expectedProfitByProduct.getOrDefault(productId, 0.0);
    }

    private PooledPrior prior(SimProduct product, long time) {
        CategoryPool pool = pools.get(product.category());
        return pooling == null || pool == null
                ? null
                : pooling.prior(product.category(), pool, time);
    }

    /** The context of a round as the job builds it at the round's decision time. */
    private double[] context(String productId, long round, long decisionTime) {
        Map<Long, RoundTally> ended = atRoundEnd.getOrDefault(productId, Map.of());
        long oldest = clock.roundOf(decisionTime) - clock.periodsPerDay();
        ended.keySet().removeIf(r -> r < oldest);
        List<RoundSpend> lastDay = new ArrayList<>();
        for (Map.Entry<Long, RoundTally> entry : ended.entrySet()) {
            if (clock.roundEnd(entry.getKey()) - 1 <= decisionTime) {
                RoundTally t = entry.getValue();
                lastDay.add(new RoundSpend(entry.getKey(), t.cost, t.clicks, t.impressions));
            }
        }
        return contextFeatures.of(
                clock.roundStart(round),
                clock.roundEnd(round),
                lastDay,
                conversions.get(productId),
                null);
    }

    /**
     * Products whose category's delays are known learn from a batch before it is final: from the
     * expected final outcome of each round they played, given what had arrived by {@code now}.
     */
    private void learnEarly(long batch, long now) {
        long first = clock.firstRoundOfBatch(batch);
        long end = clock.firstRoundOfBatch(batch + 1);
        double[] shares = trafficProfile.shares(end, r -> impressionsByRound.getOrDefault(r, 0L));
        ValuePools valuePools = valuePooling.pools();
        for (SimProduct product : market.scenario().products()) {
            Map<Long, PlayedRound> log = played.get(product.id());
            if (log == null || !delays.knows(product.category())) {
                continue;
            }
            Map<Long, RoundTally> productTallies = tallies.getOrDefault(product.id(), Map.of());
            List<PlayedRound> rounds = new ArrayList<>();
            List<RoundOutcome> outcomes = new ArrayList<>();
            List<Double> roundShares = new ArrayList<>();
            for (long round = first; round < end; round++) {
                PlayedRound p = log.remove(round);
                if (p == null) {
                    continue;
                }
                RoundTally tally = productTallies.get(round);
                RoundOutcome arrived =
                        tally == null
                                ? RoundOutcome.empty(product.id(), round)
                                : tally.toOutcome(product.id(), round);
                RoundOutcome expected =
                        delays.expectedFinal(
                                product.category(),
                                arrived,
                                clock.roundStart(round),
                                clock.roundEnd(round),
                                now);
                rounds.add(p);
                outcomes.add(learnable(expected));
                roundShares.add(shares[clock.periodOfDay(round)]);
            }
            learn(
                    product,
                    rounds,
                    outcomes,
                    roundShares,
                    valuePools.populationOf(product.category()),
                    now);
        }
    }

    /**
     * Folds into the value pools what the job's pool parts fold at {@code time}, before the
     * products' updates that use them: the rounds of the batch final then, and with batches that
     * mature before they are final, the rounds of the batch mature then as they stood (their
     * clicks, and the conversions that had come by then). Once per time: the final and the mature
     * step of one time share it.
     */
    private ValuePools poolValueAt(long time) {
        long finalBatch = clock.batchFinalAt(time);
        long matureBatch = poolsWhenMature() ? clock.batchMatureAt(time) : -1;
        finalBatch = finalBatch > lastPooledFinal ? finalBatch : -1;
        matureBatch = matureBatch > lastPooledMature ? matureBatch : -1;
        if (finalBatch < 0 && matureBatch < 0) {
            return valuePooling.pools();
        }
        if (finalBatch >= 0) {
            poolFinal(finalBatch);
            lastPooledFinal = finalBatch;
        }
        if (matureBatch >= 0) {
            poolMature(matureBatch, time);
            lastPooledMature = matureBatch;
        }
        valuePooling.close(finalBatch, matureBatch, clock.latestBatchMatureAt(time));
        return valuePooling.pools();
    }

    /** Whether value is pooled when a batch is mature, as the job's topology has it. */
    private boolean poolsWhenMature() {
        return delays == null
                && clock.maturesBeforeFinal()
                && policy.learner() != null
                && policy.learner().poolsValue();
    }

    private void poolFinal(long batch) {
        for (SimProduct product : market.scenario().products()) {
            Map<Long, RoundTally> productTallies = tallies.getOrDefault(product.id(), Map.of());
            for (long round = clock.firstRoundOfBatch(batch);
                    round < clock.firstRoundOfBatch(batch + 1);
                    round++) {
                RoundTally tally = productTallies.get(round);
                if (tally != null) {
                    valuePooling.addPeriod(
                            categoryOf(product),
                            product.id(),
                            clock.periodOfDay(round),
                            tally.clicks,
                            tally.conversions);
                    valuePooling.add(
                            categoryOf(product),
                            product.id(),
                            tally.clicks,
                            tally.conversions,
                            tally.conversionValue,
                            tally.conversionDelays == null
                                    ? null
                                    : DelayModel.add(
                                            null,
                                            tally.conversionDelays,
                                            clock.attributionMillis()));
                }
            }
        }
    }

    /**
     * As the job's {@code MatureValueRounds}: each round with clicks, its sales by {@code time}.
     */
    private void poolMature(long batch, long time) {
        for (SimProduct product : market.scenario().products()) {
            Map<Long, RoundTally> productTallies = tallies.getOrDefault(product.id(), Map.of());
            Map<Long, double[]> arrived = arrivedConversions.getOrDefault(product.id(), Map.of());
            for (long round = clock.firstRoundOfBatch(batch);
                    round < clock.firstRoundOfBatch(batch + 1);
                    round++) {
                RoundTally tally = productTallies.get(round);
                if (tally == null || tally.clicks <= 0) {
                    continue;
                }
                double[] byMaturity = OpenRounds.arrivedBy(arrived.get(round), time);
                valuePooling.addMature(
                        categoryOf(product),
                        product.id(),
                        tally.clicks,
                        byMaturity[0],
                        byMaturity[1]);
            }
        }
    }

    private String categoryOf(SimProduct product) {
        return knowsCategories ? product.category() : null;
    }

    private void applyBatch(long batch) {
        long first = clock.firstRoundOfBatch(batch);
        long end = clock.firstRoundOfBatch(batch + 1);
        double[] shares = trafficProfile.shares(end, r -> impressionsByRound.getOrDefault(r, 0L));
        ValuePools valuePools = poolValueAt(clock.batchFinalTime(batch));
        Map<Long, Map<String, List<CategoryPooling.Evidence>>> evidence = new TreeMap<>();
        for (SimProduct product : market.scenario().products()) {
            Map<Long, PlayedRound> log = played.getOrDefault(product.id(), new HashMap<>());
            Map<Long, RoundTally> productTallies =
                    tallies.computeIfAbsent(product.id(), id -> new HashMap<>());
            boolean traffic = productTallies.keySet().stream().anyMatch(r -> r >= first && r < end);
            if (!states.containsKey(product.id()) && !traffic) {
                continue; // neither deciding nor seen in this batch, as in the job
            }
            FinalBatch finalBatch = new FinalBatch(product.id());
            for (long round = first; round < end; round++) {
                RoundTally tally = productTallies.remove(round);
                RoundOutcome outcome = tally == null ? null : tally.toOutcome(product.id(), round);
                if (tally != null) {
                    collectEvidence(product, outcome, evidence);
                    teachDelays(product, round, tally);
                }
                finalBatch.add(round, log.remove(round), outcome);
            }
            conversions
                    .computeIfAbsent(product.id(), id -> new RecentConversions())
                    .addBatch(finalBatch.clicks(), finalBatch.conversions());
            if (finalBatch.learns()) {
                finalBatch
                        .learnable(clock, shares, this::lambdaWhenDecided)
                        .applyTo(
                                policy,
                                states.get(product.id()),
                                valuePools.populationOf(product.category()),
                                clock.batchFinalTime(batch),
                                delays == null);
                learnOpen(product, valuePools, clock.batchFinalTime(batch));
            }
            Map<Long, double[]> arrived = arrivedConversions.get(product.id());
            if (arrived != null) {
                arrived.keySet().removeIf(round -> round < end);
            }
        }
        for (long round = first; round < end; round++) {
            lambdaByRound.remove(round);
        }
        evidence.forEach(
                (round, byCategory) ->
                        byCategory.forEach(
                                (category, pooled) ->
                                        pooling.add(
                                                pools.computeIfAbsent(
                                                        category, c -> new CategoryPool()),
                                                round,
                                                pooled)));
    }

    private void learn(
            SimProduct product,
            List<PlayedRound> rounds,
            List<RoundOutcome> outcomes,
            List<Double> roundShares,
            Population population,
            long time) {
        if (!rounds.isEmpty()) {
            policy.applyBatch(
                    states.get(product.id()),
                    rounds,
                    outcomes,
                    roundShares.stream().mapToDouble(Double::doubleValue).toArray(),
                    population,
                    time);
        }
    }

    /** The outcome a learner learns from: with pacing, as {@link BidPolicy#asLearned} has it. */
    private RoundOutcome learnable(RoundOutcome outcome) {
        return policy.asLearned(outcome, lambdaWhenDecided(outcome.round()));
    }

    /** The pacer's λ in force when {@code round} was decided; 0 without pacing. */
    private double lambdaWhenDecided(long round) {
        return lambdaByRound.getOrDefault(round, 0.0);
    }

    private void teachDelays(SimProduct product, long round, RoundTally finalTally) {
        if (delays == null) {
            return;
        }
        Map<Long, List<Long>> productDelays = conversionDelays.get(product.id());
        List<Long> roundDelays = productDelays == null ? null : productDelays.remove(round);
        delays.addFinalRound(
                product.category(),
                finalTally.toOutcome(product.id(), round),
                roundDelays == null
                        ? new long[0]
                        : roundDelays.stream().mapToLong(Long::longValue).toArray());
    }

    private void collectEvidence(
            SimProduct product,
            RoundOutcome outcome,
            Map<Long, Map<String, List<CategoryPooling.Evidence>>> evidence) {
        if (pooling == null) {
            return;
        }
        CategoryPooling.Evidence e = pooling.evidence(outcome);
        if (e != null) {
            evidence.computeIfAbsent(outcome.round(), r -> new TreeMap<>())
                    .computeIfAbsent(product.category(), c -> new ArrayList<>())
                    .add(e);
        }
    }

    public PolicyState state(String productId) {
        return states.get(productId);
    }
}
