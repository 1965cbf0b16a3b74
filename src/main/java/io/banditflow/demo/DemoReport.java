package io.banditflow.demo;

import io.banditflow.core.event.EventType;
import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.policy.Decision;
import io.banditflow.core.policy.DecisionMode;
import io.banditflow.core.sim.MarketSimulator;
import io.banditflow.core.sim.SimProduct;
import java.io.PrintStream;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's books. Profit is compared in expectation (the simulator's closed form for each bid),
 * so the learned policy, the baseline bid and every fixed bid are judged on the same market without
 * the luck of the draw; the realised profit of the run is shown beside it.
 */
final class DemoReport {
    private final List<SimProduct> products;
    private final double[] grid;
    private final double baselineBid;
    private final long lastWeekFrom;
    private final String algorithm;

    private final Map<String, double[]> fixedProfit = new HashMap<>();
    private final Map<String, double[]> fixedProfitLastWeek = new HashMap<>();
    private double learned;
    private double baseline;
    private double learnedLastWeek;
    private double baselineLastWeek;
    private double bestPerRound;
    private double bestPerRoundLastWeek;
    private double realised;
    private long roundsBeforeFirstDecision;
    private long missingDecisions;
    private long corrupted;
    private final Map<DecisionMode, Long> decisionsByMode = new EnumMap<>(DecisionMode.class);
    private final Map<EventType, Long> events = new EnumMap<>(EventType.class);

    DemoReport(
            List<SimProduct> products,
            double[] grid,
            double baselineBid,
            long lastWeekFrom,
            String algorithm) {
        this.products = products;
        this.algorithm = algorithm;
        this.grid = grid;
        this.baselineBid = baselineBid;
        this.lastWeekFrom = lastWeekFrom;
        for (SimProduct p : products) {
            fixedProfit.put(p.id(), new double[grid.length]);
            fixedProfitLastWeek.put(p.id(), new double[grid.length]);
        }
    }

    void recordRound(
            MarketSimulator sim, SimProduct product, long index, long round, Decision decision) {
        boolean lastWeek = index >= lastWeekFrom;
        double bid = decision == null ? baselineBid : decision.bid();
        if (decision == null) {
            roundsBeforeFirstDecision++;
        }
        double played = sim.expectedProfit(product, round, bid);
        double base = sim.expectedProfit(product, round, baselineBid);
        learned += played;
        baseline += base;
        if (lastWeek) {
            learnedLastWeek += played;
            baselineLastWeek += base;
        }
        double[] fixed = fixedProfit.get(product.id());
        double[] fixedLate = fixedProfitLastWeek.get(product.id());
        double bestOfRound = Double.NEGATIVE_INFINITY;
        for (int arm = 0; arm < grid.length; arm++) {
            double e = sim.expectedProfit(product, round, grid[arm]);
            fixed[arm] += e;
            if (lastWeek) {
                fixedLate[arm] += e;
            }
            bestOfRound = Math.max(bestOfRound, e);
        }
        bestPerRound += bestOfRound;
        if (lastWeek) {
            bestPerRoundLastWeek += bestOfRound;
        }
    }

    void recordDecision(Decision decision) {
        decisionsByMode.merge(decision.mode(), 1L, Long::sum);
    }

    void recordEvent(FeedbackEvent event) {
        events.merge(event.type(), 1L, Long::sum);
        realised += event.value() - event.cost();
    }

    void recordCorrupted() {
        corrupted++;
    }

    void recordMissingDecisions(long count) {
        missingDecisions += count;
    }

    long corrupted() {
        return corrupted;
    }

    long decisionsSeen() {
        return decisionsByMode.values().stream().mapToLong(Long::longValue).sum();
    }

    long eventsWritten() {
        return events.values().stream().mapToLong(Long::longValue).sum();
    }

    double learnedProfit() {
        return learned;
    }

    double baselineProfit() {
        return baseline;
    }

    private static double bestFixed(Map<String, double[]> byProduct) {
        double total = 0;
        for (double[] profits : byProduct.values()) {
            double best = Double.NEGATIVE_INFINITY;
            for (double p : profits) {
                best = Math.max(best, p);
            }
            total += best;
        }
        return total;
    }

    void print(
            PrintStream out,
            Map<String, Long> deadLetters,
            Map<String, Long> late,
            Map<String, Long> driftSignals,
            List<String> marketWideSignals,
            double seconds) {
        double best = bestFixed(fixedProfit);
        double bestLate = bestFixed(fixedProfitLastWeek);
        out.println();
        out.println("Expected profit (EUR)                          whole run      last 7 days");
        row(
                out,
                "learned policy (" + algorithm + ")",
                learned,
                learnedLastWeek,
                baseline,
                baselineLastWeek);
        row(
                out,
                String.format("baseline fixed bid %.2f", baselineBid),
                baseline,
                baselineLastWeek,
                baseline,
                baselineLastWeek);
        row(
                out,
                "best fixed bid per product, in hindsight",
                best,
                bestLate,
                baseline,
                baselineLastWeek);
        row(
                out,
                "best bid per product and round, hindsight",
                bestPerRound,
                bestPerRoundLastWeek,
                baseline,
                baselineLastWeek);
        out.printf("%-42s %12.2f%n", "realised profit of the learned run", realised);
        out.println();
        out.printf("Decisions by mode: %s%n", decisionsByMode);
        out.printf("Drift signals by action, scope and metric: %s%n", driftSignals);
        out.printf("Market-wide drift signals: %s%n", marketWideSignals);
        out.printf(
                "Product-rounds at the baseline bid before a product's first decision: %d; rounds whose decision was missing: %d%n",
                roundsBeforeFirstDecision, missingDecisions);
        out.printf("Events written: %s, of which corrupted on purpose: %d%n", events, corrupted);
        out.printf("Dead letters: %s%n", deadLetters);
        out.printf("Late events: %s%n", late);
        out.printf("%d products, wall time %.0f s%n", products.size(), seconds);
    }

    private static void row(
            PrintStream out,
            String label,
            double whole,
            double week,
            double base,
            double baseWeek) {
        out.printf(
                "%-42s %12.2f %-9s %10.2f %s%n",
                label, whole, versus(whole, base), week, versus(week, baseWeek));
    }

    private static String versus(double value, double base) {
        if (value == base) {
            return "";
        }
        return String.format("(%+.0f%%)", 100 * (value - base) / Math.abs(base));
    }
}
