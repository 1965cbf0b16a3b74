package io.banditflow.harness;

import io.banditflow.core.bid.BidGrid;
import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.guard.BudgetPacer;
import io.banditflow.core.guard.SpendThrottle;
import io.banditflow.core.policy.Decision;
import io.banditflow.core.reward.ConversionDelays;
import io.banditflow.core.round.RoundClock;
import io.banditflow.core.sim.AuctionMechanism;
import io.banditflow.core.sim.BudgetedFixedBids;
import io.banditflow.core.sim.ClosedLoopSimulation;
import io.banditflow.core.sim.MarketScenario;
import io.banditflow.core.sim.MarketShift;
import io.banditflow.core.sim.MarketSimulator;
import io.banditflow.core.sim.SimProduct;
import io.banditflow.core.sim.SimulationScenario;
import io.banditflow.job.config.JobConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One scenario played by several learners, each in its own closed loop on the same market and seed
 * ({@link ClosedLoopSimulation}: the job's core classes without Flink; a product bids the baseline
 * until its first event and decides from the next round, as in the job), round by round, with the
 * policies they are judged against: the job's baseline bid for every product, and each product's
 * best fixed bid in hindsight. {@code SimulationEquivalenceITCase} holds the job to the same
 * decisions.
 */
public final class SimulationRun {
    /**
     * What one learner earned.
     *
     * @param profit expected profit of each round over all products
     * @param bidProbabilities for each tracked product, the mean probability of each bid over the
     *     day's decisions ([day][arm]; 0 on a day without one)
     */
    /**
     * @param shiftedProfit expected profit of each round of the products the market's abrupt shift
     *     moved, or null without a shift
     * @param spendByDay the realised spend of each day of the run
     * @param periodFactors the factors of value per click by period of the day pooled by the end of
     *     the run, for a learner that uses them ({@link
     *     io.banditflow.core.policy.Learner#poolsValue}), else null
     */
    public record LearnerResult(
            String algorithm,
            double[] profit,
            Map<String, double[][]> bidProbabilities,
            double spend,
            double[] spendByDay,
            double seconds,
            double[] shiftedProfit,
            double[] periodFactors) {}

    /**
     * A scenario's run.
     *
     * @param baseline expected profit of each round at the baseline bid (capped by the daily budget
     *     when there is one)
     * @param baselineSpend the baseline's realised spend over the run
     * @param dailyBudget the budget scenario's daily budget, or null
     * @param bestFixed expected profit of each round at each product's best fixed bid over the run
     * @param bestPerRound expected profit of each round at each product's best bid for that round:
     *     what no fixed bid earns where the best bid moves with the hour or the market, the ceiling
     *     a policy that knew the market in every round would reach
     * @param shiftRound the round of the market's first abrupt shift within the run, or null
     * @param bestFixedAfterShift expected profit of each round from the shift on, of the products
     *     the shift moved, at each one's best fixed bid over the rounds from the shift on (0 before
     *     it), or null without a shift
     * @param shiftedBaseline expected profit of each round of the products the shift moved at the
     *     baseline bid, or null without a shift
     * @param bestFixedWithinBudget expected profit of each round at the best fixed bids that keep
     *     the run's spend within its budget ({@link BudgetedFixedBids}), or null without a budget
     * @param bestFixedWithinBudgetSpend their expected spend over the run, or NaN
     * @param periodConversionFactors the market's conversion rate of each period of the day
     *     relative to a product's
     */
    public record Result(
            SimulationScenario scenario,
            RoundClock clock,
            long firstRound,
            int products,
            int days,
            long seed,
            double baselineBid,
            double[] bids,
            double[] baseline,
            double[] bestFixed,
            double[] bestPerRound,
            double baselineSpend,
            Double dailyBudget,
            List<LearnerResult> learners,
            List<String> trackedProducts,
            Long shiftRound,
            double[] bestFixedAfterShift,
            double[] shiftedBaseline,
            double[] bestFixedWithinBudget,
            double bestFixedWithinBudgetSpend,
            double[] periodConversionFactors) {

        public int rounds() {
            return baseline.length;
        }
    }

    /** Where a long run reports how far it is. */
    public interface Progress {
        void day(SimulationScenario scenario, String algorithm, int day, int days);

        void done(SimulationScenario scenario, String algorithm, double seconds);

        /**
         * On a terminal, one line per learner rewritten as the days pass; elsewhere (a log, CI) a
         * line when each learner is done.
         */
        static Progress to(PrintStream out, boolean terminal) {
            return new Progress() {
                @Override
                public void day(SimulationScenario scenario, String algorithm, int day, int days) {
                    if (terminal) {
                        out.printf(
                                "\r  %-10s %-18s day %3d/%d", scenario.id(), algorithm, day, days);
                    }
                }

                @Override
                public void done(SimulationScenario scenario, String algorithm, double seconds) {
                    out.printf(
                            terminal ? "  %3$.1f s%n" : "  %-10s %-18s %.1f s%n",
                            scenario.id(),
                            algorithm,
                            seconds);
                }
            };
        }
    }

    /**
     * A learner named with this suffix does not wait for its batches to be final: it learns from
     * their expected final outcomes, the conversion delay modelled ({@link ConversionDelays}).
     */
    public static final String MODELLED_DELAY = "+delays";

    /** The delay model's bins, and the evidence it needs before a category's delays are used. */
    private static final long DELAY_BIN_MILLIS = Duration.ofMinutes(30).toMillis();

    private static final long MIN_CATEGORY_CONVERSIONS = 50;

    /** A product's own value per click counts as much as its category's after this many clicks. */
    private static final double PRIOR_CLICKS = 100;

    private SimulationRun() {}

    /**
     * Plays {@code days} days of {@code scenario} with each of {@code algorithms} on the job file's
     * clock, grid, rewards and context, reporting each learner's progress by day.
     *
     * @param tracked how many products (the first ones) to record bid probabilities of
     * @param logs where to write each learner's decisions and events in the job's topic formats
     *     ({@code logs/<learner>/}), or null
     * @param delayLag how long after a batch ends the learners named with {@link #MODELLED_DELAY}
     *     learn from it
     */
    public static Result run(
            String jobFile,
            SimulationScenario scenario,
            List<String> algorithms,
            int products,
            int days,
            long seed,
            long firstRound,
            int tracked,
            Path logs,
            Duration delayLag,
            AuctionMechanism mechanism,
            Progress progress)
            throws IOException {
        JobConfig job = JobConfig.parse(jobFile);
        if (job.requests().enabled()) {
            throw new IllegalArgumentException(
                    "simulate plays rounds: a job in requests mode is not simulated");
        }
        RoundClock clock = job.clock();
        int perDay = clock.periodsPerDay();
        int rounds = days * perDay;
        MarketScenario market = scenario.market(products, seed, clock, firstRound, days);
        BidGrid grid = new BidGrid(job.bidGrid());
        List<String> trackedProducts =
                market.products().stream().limit(tracked).map(SimProduct::id).toList();

        double[] baseline = new double[rounds];
        double[] bestFixed = new double[rounds];
        double[] bestPerRound = new double[rounds];
        MarketShift shift = firstAbruptShift(market, firstRound, rounds);
        Long shiftRound = shift == null ? null : shift.fromRound();
        Set<String> shifted = shiftedProducts(market, shift);
        double[] bestFixedAfterShift = shift == null ? null : new double[rounds];
        double[] shiftedBaseline = shift == null ? null : new double[rounds];
        MarketSimulator reference = new MarketSimulator(market, seed, mechanism);
        Double dailyBudget = null;
        if (scenario == SimulationScenario.BUDGET) {
            double spend = 0;
            for (SimProduct product : market.products()) {
                for (int t = 0; t < rounds; t++) {
                    spend += reference.expectedSpend(product, firstRound + t, job.baselineBid());
                }
            }
            dailyBudget = SimulationScenario.BUDGET_SHARE * spend / days;
        }
        // with a budget, each product's profit per round and totals of profit and spend per arm,
        // for the best fixed bids within it
        List<double[][]> fixedByProduct = new ArrayList<>();
        double[][] fixedProfit = new double[market.products().size()][];
        double[][] fixedSpend = new double[market.products().size()][];
        for (SimProduct product : market.products()) {
            double[][] fixed = new double[grid.size()][rounds];
            double[] totals = new double[grid.size()];
            double[] spends = new double[grid.size()];
            for (int t = 0; t < rounds; t++) {
                baseline[t] += reference.expectedProfit(product, firstRound + t, job.baselineBid());
                for (int a = 0; a < grid.size(); a++) {
                    fixed[a][t] = reference.expectedProfit(product, firstRound + t, grid.bid(a));
                    totals[a] += fixed[a][t];
                    if (dailyBudget != null) {
                        spends[a] += reference.expectedSpend(product, firstRound + t, grid.bid(a));
                    }
                }
            }
            if (dailyBudget != null) {
                fixedProfit[fixedByProduct.size()] = totals;
                fixedSpend[fixedByProduct.size()] = spends;
                fixedByProduct.add(fixed);
            }
            int best = 0;
            for (int a = 1; a < grid.size(); a++) {
                best = totals[a] > totals[best] ? a : best;
            }
            for (int t = 0; t < rounds; t++) {
                bestFixed[t] += fixed[best][t];
                bestPerRound[t] += bestOfRound(fixed, t);
            }
            if (shifted.contains(product.id())) {
                addBestFixedFrom((int) (shiftRound - firstRound), fixed, bestFixedAfterShift);
                for (int t = 0; t < rounds; t++) {
                    shiftedBaseline[t] +=
                            reference.expectedProfit(product, firstRound + t, job.baselineBid());
                }
            }
        }
        BudgetedFixedBids.Allocation withinBudget =
                dailyBudget == null
                        ? null
                        : BudgetedFixedBids.within(fixedProfit, fixedSpend, dailyBudget * days);
        double[] bestFixedWithinBudget =
                withinBudget == null ? null : profitOf(fixedByProduct, withinBudget.arms());
        double baselineSpend = 0;
        if (dailyBudget != null) {
            Arrays.fill(baseline, 0); // the uncapped one, replaced by the capped allocation
            baselineSpend =
                    playCappedBaseline(
                            reference,
                            firstRound,
                            baseline,
                            job.baselineBid(),
                            grid.bid(0),
                            BudgetPacer.even(dailyBudget, 0, perDay, 0));
        } else {
            for (SimProduct product : market.products()) {
                for (int t = 0; t < rounds; t++) {
                    baselineSpend +=
                            reference.expectedSpend(product, firstRound + t, job.baselineBid());
                }
            }
        }

        List<LearnerResult> learners = new ArrayList<>();
        for (String learner : algorithms) {
            boolean modelsDelay = learner.endsWith(MODELLED_DELAY);
            String algorithm =
                    modelsDelay
                            ? learner.substring(0, learner.length() - MODELLED_DELAY.length())
                            : learner;
            // the job file's own learner as configured (its parameters, its prior); others at
            // their defaults
            JobConfig config =
                    algorithm.equals(job.learner().algorithm())
                            ? job
                            : JobFiles.withAlgorithm(jobFile, algorithm);
            double[] profit = new double[rounds];
            double[] shiftedProfit = shift == null ? null : new double[rounds];
            Map<String, double[][]> probabilities = new LinkedHashMap<>();
            trackedProducts.forEach(id -> probabilities.put(id, new double[days][grid.size()]));
            Map<String, int[]> decisionsPerDay = new LinkedHashMap<>();
            trackedProducts.forEach(id -> decisionsPerDay.put(id, new int[days]));
            SimulationLogs log = logs == null ? null : new SimulationLogs(logs.resolve(learner));
            ClosedLoopSimulation loop =
                    new ClosedLoopSimulation(
                                    new MarketSimulator(market, seed, mechanism),
                                    config.policy(),
                                    config.trafficProfile(),
                                    config.contextFeatures())
                            .activatingOnFirstEvent(config.baselineBid())
                            .pacing(
                                    dailyBudget == null
                                            ? null
                                            : BudgetPacer.even(
                                                    dailyBudget,
                                                    config.pacing().stepPerPlannedRound(),
                                                    perDay,
                                                    config.pacing().repayDays()),
                                    grid.bid(0))
                            .observing(
                                    (Decision d, double expected) -> {
                                        if (log != null) {
                                            log.decision(d);
                                        }
                                        int t = (int) (d.round() - firstRound);
                                        profit[t] += expected;
                                        if (shifted.contains(d.productId())) {
                                            shiftedProfit[t] += expected;
                                        }
                                        double[][] byDay = probabilities.get(d.productId());
                                        if (byDay != null) {
                                            double[] day = byDay[t / perDay];
                                            for (int a = 0; a < day.length; a++) {
                                                day[a] += d.probabilities()[a];
                                            }
                                            decisionsPerDay.get(d.productId())[t / perDay]++;
                                        }
                                    });
            if (log != null) {
                loop.observingEvents(log::event);
            }
            if (config.kafka().catalogTopic() != null) {
                loop.knowingCategories(); // the job reads its products' categories from a catalog
            }
            if (modelsDelay) {
                loop.modellingDelay(
                        new ConversionDelays(
                                clock.attributionMillis(),
                                DELAY_BIN_MILLIS,
                                MIN_CATEGORY_CONVERSIONS,
                                PRIOR_CLICKS),
                        delayLag.toMillis());
            }
            long started = System.nanoTime();
            for (int day = 0; day < days; day++) {
                loop.run(firstRound + (long) day * perDay, perDay);
                progress.day(scenario, learner, day + 1, days);
            }
            if (log != null) {
                log.close();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            probabilities.forEach(
                    (id, byDay) -> {
                        for (int day = 0; day < days; day++) {
                            int count = decisionsPerDay.get(id)[day];
                            for (int a = 0; a < grid.size(); a++) {
                                byDay[day][a] = count == 0 ? 0 : byDay[day][a] / count;
                            }
                        }
                    });
            progress.done(scenario, learner, seconds);
            learners.add(
                    new LearnerResult(
                            learner,
                            profit,
                            probabilities,
                            loop.spend(),
                            loop.spendByDay(),
                            seconds,
                            shiftedProfit,
                            config.policy().learns() && config.policy().learner().poolsValue()
                                    ? loop.periodFactors()
                                    : null));
        }
        return new Result(
                scenario,
                clock,
                firstRound,
                products,
                days,
                seed,
                job.baselineBid(),
                grid.bids(),
                baseline,
                bestFixed,
                bestPerRound,
                baselineSpend,
                dailyBudget,
                learners,
                trackedProducts,
                shiftRound,
                bestFixedAfterShift,
                shiftedBaseline,
                bestFixedWithinBudget,
                withinBudget == null ? Double.NaN : withinBudget.spend(),
                market.periodConversionFactors());
    }

    /**
     * The highest expected profit of round index {@code t} over the arms ({@code fixed[arm][t]}).
     */
    private static double bestOfRound(double[][] fixed, int t) {
        double best = Double.NEGATIVE_INFINITY;
        for (double[] arm : fixed) {
            best = Math.max(best, arm[t]);
        }
        return best;
    }

    /** Expected profit of each round with each product at its arm of {@code arms}. */
    private static double[] profitOf(List<double[][]> fixedByProduct, int[] arms) {
        double[] profit = new double[fixedByProduct.get(0)[0].length];
        for (int p = 0; p < arms.length; p++) {
            double[] rounds = fixedByProduct.get(p)[arms[p]];
            for (int t = 0; t < profit.length; t++) {
                profit[t] += rounds[t];
            }
        }
        return profit;
    }

    /** The first abrupt shift within [firstRound, firstRound + rounds), or null. */
    private static MarketShift firstAbruptShift(
            MarketScenario market, long firstRound, int rounds) {
        return market.shifts().stream()
                .filter(shift -> shift.rampRounds() == 0)
                .filter(
                        shift ->
                                shift.fromRound() > firstRound
                                        && shift.fromRound() < firstRound + rounds)
                .min(Comparator.comparingLong(MarketShift::fromRound))
                .orElse(null);
    }

    /**
     * The products the abrupt shifts from {@code first}'s round on move: those of their categories
     * (all products for a shift of every category); none without a shift.
     */
    private static Set<String> shiftedProducts(MarketScenario market, MarketShift first) {
        Set<String> ids = new HashSet<>();
        if (first == null) {
            return ids;
        }
        for (MarketShift shift : market.shifts()) {
            if (shift.rampRounds() != 0 || shift.fromRound() != first.fromRound()) {
                continue;
            }
            for (SimProduct product : market.products()) {
                if (shift.category() == null || shift.category().equals(product.category())) {
                    ids.add(product.id());
                }
            }
        }
        return ids;
    }

    /**
     * Adds one product's profit, from round index {@code from} on, at its best fixed bid over those
     * rounds: the shifted market's best fixed bid in hindsight.
     */
    private static void addBestFixedFrom(int from, double[][] fixed, double[] into) {
        int best = 0;
        double bestTotal = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < fixed.length; a++) {
            double total = 0;
            for (int t = from; t < fixed[a].length; t++) {
                total += fixed[a][t];
            }
            if (total > bestTotal) {
                best = a;
                bestTotal = total;
            }
        }
        for (int t = from; t < into.length; t++) {
            into[t] += fixed[best][t];
        }
    }

    /**
     * Every product at the baseline bid, the budget held as the job's guardrails hold it without
     * pacing (the floor once the day's known spend reaches it, and for the products the spend
     * throttle leaves out of a round the budget left cannot pay for): the baseline allocation at
     * fixed budget. Fills {@code profit} with each round's expected profit; returns the realised
     * spend.
     */
    private static double playCappedBaseline(
            MarketSimulator simulator,
            long firstRound,
            double[] profit,
            double bid,
            double floor,
            BudgetPacer cap) {
        MarketScenario market = simulator.scenario();
        RoundClock clock = market.clock();
        SpendThrottle throttle = new SpendThrottle(clock, cap.dailyBudget());
        TreeMap<Long, Double> spendByRound = new TreeMap<>();
        double spend = 0;
        for (int t = 0; t < profit.length; t++) {
            long round = firstRound + t;
            long time = clock.decisionTime(round);
            double share =
                    SpendThrottle.spentToday(spendByRound.entrySet(), clock, round, time)
                                    >= cap.dailyBudget()
                            ? 0
                            : throttle.bidShare(spendByRound, round, time);
            Map<String, MarketSimulator.Bid> bids = new HashMap<>();
            for (SimProduct product : market.products()) {
                double played = SpendThrottle.bids(product.id(), round, share) ? bid : floor;
                bids.put(product.id(), new MarketSimulator.Bid(played, null));
                profit[t] += simulator.expectedProfit(product, round, played);
            }
            double roundSpend = 0;
            for (FeedbackEvent event : simulator.playRound(round, bids)) {
                roundSpend += event.cost();
            }
            spend += roundSpend;
            spendByRound.put(round, roundSpend);
            spendByRound.headMap(round - 2L * clock.periodsPerDay()).clear();
        }
        return spend;
    }
}
