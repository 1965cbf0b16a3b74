package io.banditflow.harness;

import java.awt.Color;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes a scenario's run: {@code rounds.csv} (every round's expected profit per policy, running
 * totals and regret), PNG plots (cumulative profit against the baseline and the best fixed bids,
 * regret over time, and each tracked product's bid probabilities by day) and {@code report.md} that
 * shows them with a summary table.
 */
public final class SimulationReport {
    static {
        // plots are drawn off screen, on machines without a display
        System.setProperty("java.awt.headless", "true");
    }

    private static final int WIDTH = 900;
    private static final int HEIGHT = 480;

    /** A policy's summary over the run. */
    public record Summary(
            String policy,
            double total,
            double firstHalf,
            double secondHalf,
            double regret,
            double spend) {}

    private static final String WITHIN_BUDGET = "best fixed bids within the budget (hindsight)";

    /** The references before the learners' rows: baseline, best fixed, best per round. */
    static final int REFERENCES = 3;

    private static final String BEST_PER_ROUND = "best bid per round (hindsight)";

    private SimulationReport() {}

    /**
     * With a budget, what the unconstrained best fixed bids are no measure of: the share of the
     * best fixed bids within the budget each learner earned.
     */
    private static String ofWithinBudget(Summary withinBudget, List<Summary> summaries) {
        if (withinBudget == null) {
            return "";
        }
        StringBuilder md =
                new StringBuilder(
                        "\nThe best fixed bids ignore the budget; within it (each product at its"
                                + " bid of the highest profit − λ·spend over the run, λ the least"
                                + " that keeps the run's spend within its budget) they earn what"
                                + " the fourth row says. Of that:");
        for (Summary s : summaries) {
            if (s == summaries.get(1) || s == summaries.get(2)) {
                continue; // the unconstrained best fixed bids and best bids per round
            }
            md.append(
                    String.format(
                            Locale.ROOT,
                            " %s %.1f%%;",
                            s.policy(),
                            100 * s.total() / withinBudget.total()));
        }
        md.setLength(md.length() - 1);
        return md.append(".\n").toString();
    }

    /** Writes everything into {@code dir}; returns the summaries, the references first. */
    public static List<Summary> write(SimulationRun.Result result, Path dir, String command)
            throws IOException {
        Files.createDirectories(dir);
        writeCsv(result, dir.resolve("rounds.csv"));
        writeCumulativeProfit(result, dir.resolve("cumulative-profit.png"));
        writeRegret(result, dir.resolve("regret.png"));
        List<String> heatmaps = new ArrayList<>();
        for (SimulationRun.LearnerResult learner : result.learners()) {
            for (String product : result.trackedProducts()) {
                String file = "bids-" + learner.algorithm() + "-" + product + ".png";
                writeBidHeatmap(result, learner, product, dir.resolve(file));
                heatmaps.add(file);
            }
        }
        List<Summary> summaries = summaries(result);
        writeMarkdown(result, summaries, heatmaps, command, dir.resolve("report.md"));
        return summaries;
    }

    static List<Summary> summaries(SimulationRun.Result result) {
        List<Summary> summaries = new ArrayList<>();
        summaries.add(
                summary(
                        "baseline bid",
                        result.baseline(),
                        result.bestFixed(),
                        result.baselineSpend()));
        summaries.add(
                summary(
                        "best fixed bid (hindsight)",
                        result.bestFixed(),
                        result.bestFixed(),
                        Double.NaN));
        summaries.add(
                summary(BEST_PER_ROUND, result.bestPerRound(), result.bestFixed(), Double.NaN));
        for (SimulationRun.LearnerResult learner : result.learners()) {
            summaries.add(
                    summary(
                            learner.algorithm(),
                            learner.profit(),
                            result.bestFixed(),
                            learner.spend()));
        }
        return summaries;
    }

    private static Summary summary(
            String policy, double[] profit, double[] bestFixed, double spend) {
        int half = profit.length / 2;
        double first = 0;
        double second = 0;
        double best = 0;
        for (int t = 0; t < profit.length; t++) {
            if (t < half) {
                first += profit[t];
            } else {
                second += profit[t];
            }
            best += bestFixed[t];
        }
        return new Summary(policy, first + second, first, second, best - first - second, spend);
    }

    private static void writeCsv(SimulationRun.Result result, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file)) {
            out.write("scenario,policy,round,time,day,profit,cumulative_profit,regret\n");
            csvRows(out, result, "baseline", result.baseline());
            csvRows(out, result, "best-fixed", result.bestFixed());
            csvRows(out, result, "best-per-round", result.bestPerRound());
            if (result.bestFixedWithinBudget() != null) {
                csvRows(out, result, "best-fixed-within-budget", result.bestFixedWithinBudget());
            }
            for (SimulationRun.LearnerResult learner : result.learners()) {
                csvRows(out, result, learner.algorithm(), learner.profit());
            }
        }
    }

    private static void csvRows(
            Writer out, SimulationRun.Result result, String policy, double[] profit)
            throws IOException {
        double cumulative = 0;
        double best = 0;
        int perDay = result.clock().periodsPerDay();
        for (int t = 0; t < profit.length; t++) {
            long round = result.firstRound() + t;
            cumulative += profit[t];
            best += result.bestFixed()[t];
            out.write(
                    String.format(
                            Locale.ROOT,
                            "%s,%s,%d,%s,%d,%.6f,%.6f,%.6f%n",
                            result.scenario().id(),
                            policy,
                            round,
                            Instant.ofEpochMilli(result.clock().roundStart(round)),
                            t / perDay + 1,
                            profit[t],
                            cumulative,
                            best - cumulative));
        }
    }

    private static double[] days(SimulationRun.Result result) {
        double[] x = new double[result.rounds()];
        for (int t = 0; t < x.length; t++) {
            x[t] = (t + 1) / (double) result.clock().periodsPerDay();
        }
        return x;
    }

    private static double[] cumulative(double[] profit) {
        double[] sum = new double[profit.length];
        double running = 0;
        for (int t = 0; t < profit.length; t++) {
            running += profit[t];
            sum[t] = running;
        }
        return sum;
    }

    private static XYChart lineChart(String title, String yTitle) {
        XYChart chart =
                new XYChartBuilder()
                        .width(WIDTH)
                        .height(HEIGHT)
                        .title(title)
                        .xAxisTitle("day")
                        .yAxisTitle(yTitle)
                        .build();
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setYAxisDecimalPattern("#,##0");
        return chart;
    }

    private static void writeCumulativeProfit(SimulationRun.Result result, Path file)
            throws IOException {
        XYChart chart =
                lineChart(result.scenario().id() + ": cumulative expected profit", "profit");
        double[] x = days(result);
        dashed(chart.addSeries("best fixed bid (hindsight)", x, cumulative(result.bestFixed())));
        dashed(chart.addSeries(BEST_PER_ROUND, x, cumulative(result.bestPerRound())));
        dashed(chart.addSeries("baseline bid", x, cumulative(result.baseline())));
        for (SimulationRun.LearnerResult learner : result.learners()) {
            chart.addSeries(learner.algorithm(), x, cumulative(learner.profit()))
                    .setMarker(SeriesMarkers.NONE);
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void dashed(XYSeries series) {
        series.setMarker(SeriesMarkers.NONE);
        series.setLineStyle(
                new java.awt.BasicStroke(
                        2f,
                        java.awt.BasicStroke.CAP_BUTT,
                        java.awt.BasicStroke.JOIN_MITER,
                        10f,
                        new float[] {6f, 4f},
                        0f));
    }

    private static void writeRegret(SimulationRun.Result result, Path file) throws IOException {
        XYChart chart =
                lineChart(
                        result.scenario().id() + ": regret against the best fixed bids",
                        "cumulative regret");
        double[] x = days(result);
        double[] best = cumulative(result.bestFixed());
        dashed(chart.addSeries("baseline bid", x, minus(best, cumulative(result.baseline()))));
        for (SimulationRun.LearnerResult learner : result.learners()) {
            chart.addSeries(learner.algorithm(), x, minus(best, cumulative(learner.profit())))
                    .setMarker(SeriesMarkers.NONE);
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static double[] minus(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }

    private static void writeBidHeatmap(
            SimulationRun.Result result,
            SimulationRun.LearnerResult learner,
            String product,
            Path file)
            throws IOException {
        double[][] byDay = learner.bidProbabilities().get(product);
        List<Integer> dayLabels = new ArrayList<>();
        for (int d = 1; d <= byDay.length; d++) {
            dayLabels.add(d);
        }
        List<String> bidLabels = new ArrayList<>();
        for (double bid : result.bids()) {
            bidLabels.add(String.format(Locale.ROOT, "%.2f", bid));
        }
        List<Number[]> cells = new ArrayList<>();
        for (int d = 0; d < byDay.length; d++) {
            for (int a = 0; a < byDay[d].length; a++) {
                cells.add(new Number[] {d, a, byDay[d][a]});
            }
        }
        HeatMapChart chart =
                new HeatMapChartBuilder()
                        .width(WIDTH)
                        .height(HEIGHT)
                        .title(
                                result.scenario().id()
                                        + ": "
                                        + learner.algorithm()
                                        + ", "
                                        + product
                                        + " — probability of each bid by day")
                        .xAxisTitle("day")
                        .yAxisTitle("bid")
                        .build();
        // the scale ends at the largest probability drawn, so that a spread policy still shows
        double largest = 1.0 / result.bids().length;
        for (double[] day : byDay) {
            for (double p : day) {
                largest = Math.max(largest, p);
            }
        }
        chart.getStyler().setMin(0);
        chart.getStyler().setMax(Math.ceil(largest * 10) / 10);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setShowValue(false);
        chart.getStyler()
                .setRangeColors(
                        new Color[] {
                            new Color(247, 251, 255),
                            new Color(107, 174, 214),
                            new Color(8, 48, 107)
                        });
        chart.addSeries("p(bid)", dayLabels, bidLabels, cells);
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Days after an abrupt shift shown in the recovery table. */
    private static final int RECOVERY_DAYS = 7;

    /**
     * Each learner's expected profit on each of the first days after the market's abrupt shift, of
     * the products it moved, as a share of their best fixed bids in the shifted market (per
     * product, over the rounds from the shift on) that day; empty without a shift.
     */
    static String recoveryAfterShift(SimulationRun.Result result) {
        if (result.shiftRound() == null) {
            return "";
        }
        int perDay = result.clock().periodsPerDay();
        int from = (int) (result.shiftRound() - result.firstRound());
        int days = Math.min(RECOVERY_DAYS, (result.rounds() - from) / perDay);
        StringBuilder md = new StringBuilder();
        md.append(
                String.format(
                        Locale.ROOT,
                        "%nAfter the shift (from round %d, day %d): each day's expected profit of"
                                + " the products it moved, as a share of their best fixed bids"
                                + " in the shifted market, in hindsight (per product, over the"
                                + " rounds from the shift on).%n%n",
                        result.shiftRound(),
                        from / perDay + 1));
        md.append("| policy |");
        for (int d = 1; d <= days; d++) {
            md.append(" day ").append(d).append(" |");
        }
        md.append("\n| --- |").append(" ---: |".repeat(days)).append('\n');
        List<String> names = new ArrayList<>(List.of("baseline bid"));
        List<double[]> profits = new ArrayList<>(List.of(result.shiftedBaseline()));
        for (SimulationRun.LearnerResult learner : result.learners()) {
            names.add(learner.algorithm());
            profits.add(learner.shiftedProfit());
        }
        for (int i = 0; i < names.size(); i++) {
            md.append("| ").append(names.get(i)).append(" |");
            for (int d = 0; d < days; d++) {
                double own = 0;
                double best = 0;
                for (int t = from + d * perDay; t < from + (d + 1) * perDay; t++) {
                    own += profits.get(i)[t];
                    best += result.bestFixedAfterShift()[t];
                }
                md.append(String.format(Locale.ROOT, " %.0f%% |", 100 * own / best));
            }
            md.append('\n');
        }
        return md.toString();
    }

    /**
     * With a budget, how each learner kept to it day by day: a pacer may spend over it on a day and
     * pay it back on the next ({@code pacing.repayDays}), so the run's total alone does not show
     * the days over it, nor how far the spend since the start ran above budget × days on the way.
     * Empty without a budget.
     */
    static String spendByDay(SimulationRun.Result result) {
        Double budget = result.dailyBudget();
        if (budget == null) {
            return "";
        }
        List<SimulationRun.LearnerResult> learners = result.learners();
        StringBuilder md =
                new StringBuilder(
                        String.format(
                                Locale.ROOT,
                                "\n## Spend by day against the budget\n\n"
                                        + "Each day's spend against the daily budget of %.1f, and"
                                        + " (in brackets) how far the spend since the start is"
                                        + " above budget × days, in days of budget: a pacer may"
                                        + " go over the budget on a day and pay it back on the"
                                        + " next (`pacing.repayDays`, docs/evaluation.md,"
                                        + " \"Budget\").\n\n"
                                        + "| policy | days over the budget | the most over |"
                                        + " the spend since the start, most above budget × days |"
                                        + " the run against its budget |\n"
                                        + "| --- | ---: | ---: | ---: | ---: |\n",
                                budget));
        for (SimulationRun.LearnerResult learner : learners) {
            double[] days = learner.spendByDay();
            double[] excess = runningExcess(days, budget);
            int over = 0;
            int most = 0;
            int highest = 0;
            for (int d = 0; d < days.length; d++) {
                over += days[d] > budget ? 1 : 0;
                most = days[d] > days[most] ? d : most;
                highest = excess[d] > excess[highest] ? d : highest;
            }
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %d of %d | %+.0f%% (day %d) | %.2f (day %d) | %+.1f%% |%n",
                            learner.algorithm(),
                            over,
                            days.length,
                            100 * (days[most] / budget - 1),
                            most + 1,
                            excess[highest],
                            highest + 1,
                            100 * (learner.spend() / (budget * days.length) - 1)));
        }
        md.append("\n| day |");
        learners.forEach(l -> md.append(' ').append(l.algorithm()).append(" |"));
        md.append("\n| ---: |").append(" ---: |".repeat(learners.size())).append('\n');
        List<double[]> excess =
                learners.stream().map(l -> runningExcess(l.spendByDay(), budget)).toList();
        for (int d = 0; d < result.days(); d++) {
            md.append("| ").append(d + 1).append(" |");
            for (int i = 0; i < learners.size(); i++) {
                md.append(
                        String.format(
                                Locale.ROOT,
                                " %+.0f%% (%.2f) |",
                                100 * (learners.get(i).spendByDay()[d] / budget - 1),
                                excess.get(i)[d]));
            }
            md.append('\n');
        }
        return md.toString();
    }

    /** After each day, how far the spend since the start is above budget × days, in days of it. */
    private static double[] runningExcess(double[] days, double budget) {
        double[] excess = new double[days.length];
        double sum = 0;
        for (int d = 0; d < days.length; d++) {
            sum += (days[d] - budget) / budget;
            excess[d] = sum;
        }
        return excess;
    }

    /**
     * The factors of value per click by period of the day each value-pooling learner learned,
     * beside the market's conversion multipliers (which the factors estimate up to the day's
     * click-weighted mean); empty when no learner pooled them.
     */
    static String periodFactors(SimulationRun.Result result) {
        List<SimulationRun.LearnerResult> pooled =
                result.learners().stream().filter(l -> l.periodFactors() != null).toList();
        if (pooled.isEmpty()) {
            return "";
        }
        double[] market = result.periodConversionFactors();
        StringBuilder md = new StringBuilder();
        md.append(
                "\n## Value per click by period of the day\n\n"
                        + "The factors pooled over all products by the end of the run (docs/learners.md,"
                        + " \"Value per click by period of the day, pooled\"), against the market's"
                        + " conversion multipliers; 1 where the periods do not tell apart.\n\n");
        md.append("| period (UTC) |");
        for (int h = 0; h < market.length; h++) {
            long hours = 24L * h / market.length;
            md.append(String.format(Locale.ROOT, " %02d:00 |", hours));
        }
        md.append("\n| --- |").append(" ---: |".repeat(market.length)).append('\n');
        md.append("| market |");
        for (double f : market) {
            md.append(String.format(Locale.ROOT, " %.2f |", f));
        }
        md.append('\n');
        for (SimulationRun.LearnerResult learner : pooled) {
            md.append("| learned by ").append(learner.algorithm()).append(" |");
            for (double f : learner.periodFactors()) {
                md.append(String.format(Locale.ROOT, " %.2f |", f));
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static void writeMarkdown(
            SimulationRun.Result result,
            List<Summary> summaries,
            List<String> heatmaps,
            String command,
            Path file)
            throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Simulation: ").append(result.scenario().id()).append("\n\n");
        md.append(result.scenario().description()).append(".\n\n");
        md.append(
                String.format(
                        Locale.ROOT,
                        "%d products, %d days of %d rounds, seed %d, from %s; baseline bid %.2f."
                                + " Expected profit (the simulator's expectation of each bid"
                                + " played, so the comparison is free of the auction's noise)."
                                + "%n%n",
                        result.products(),
                        result.days(),
                        result.clock().periodsPerDay(),
                        result.seed(),
                        Instant.ofEpochMilli(result.clock().roundStart(result.firstRound())),
                        result.baselineBid()));
        md.append("```\n").append(command).append("\n```\n\n");
        md.append(
                "The job file's own algorithm runs with the job file's learner section (its"
                        + " parameters and prior); every other at its defaults.\n\n");
        if (result.learners().stream()
                .anyMatch(l -> l.algorithm().endsWith(SimulationRun.MODELLED_DELAY))) {
            md.append(
                    "A learner named `+delays` does not wait out the attribution window: it"
                            + " learns each batch soon after it ends from the value arrived plus"
                            + " the value still to come, by a conversion-delay model learned per"
                            + " category from final rounds (docs/evaluation.md).\n\n");
        }
        if (result.dailyBudget() != null) {
            md.append(
                    String.format(
                            Locale.ROOT,
                            "Daily budget %.1f (%.0f over the run) for all products together.%n%n",
                            result.dailyBudget(),
                            result.dailyBudget() * result.days()));
        }
        md.append(
                "| policy | total | first half | second half | vs baseline | of best fixed |"
                        + " regret | spend |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        Summary baseline = summaries.get(0);
        Summary best = summaries.get(1);
        List<Summary> rows = new ArrayList<>(summaries);
        Summary withinBudget = null;
        if (result.bestFixedWithinBudget() != null) {
            withinBudget =
                    summary(
                            WITHIN_BUDGET,
                            result.bestFixedWithinBudget(),
                            result.bestFixed(),
                            result.bestFixedWithinBudgetSpend());
            rows.add(REFERENCES, withinBudget);
        }
        for (Summary s : rows) {
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %.0f | %.0f | %.0f | %+.1f%% | %.1f%% | %.0f | %s |%n",
                            s.policy(),
                            s.total(),
                            s.firstHalf(),
                            s.secondHalf(),
                            100 * (s.total() - baseline.total()) / Math.abs(baseline.total()),
                            100 * s.total() / best.total(),
                            s.regret(),
                            Double.isNaN(s.spend())
                                    ? "–"
                                    : String.format(Locale.ROOT, "%.0f", s.spend())));
        }
        md.append(ofWithinBudget(withinBudget, summaries));
        md.append(spendByDay(result));
        md.append(recoveryAfterShift(result));
        md.append(periodFactors(result));
        md.append("\n![cumulative profit](cumulative-profit.png)\n\n");
        md.append("![regret](regret.png)\n\n");
        md.append("## Bid probabilities by day\n\n");
        for (String heatmap : heatmaps) {
            md.append("![").append(heatmap).append("](").append(heatmap).append(")\n\n");
        }
        md.append("Per-round results: `rounds.csv`.\n");
        Files.writeString(file, md.toString());
    }
}
