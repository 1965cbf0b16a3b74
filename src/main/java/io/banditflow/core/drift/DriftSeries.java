package io.banditflow.core.drift;

import java.util.Arrays;

/**
 * One product's drift history in a single value: each metric's value by round, and the rounds
 * waiting to be judged at each stage. A product-scope drift monitor reads it whole at every outcome
 * and every evaluation and writes it back once, where one state entry per metric and round cost a
 * state lookup per round of the reference window at every evaluation (about 600 per product and
 * round on RocksDB, docs/benchmarks.md). A POJO (public fields, no-arg constructor) for Flink
 * state.
 */
public class DriftSeries {
    /** Per metric (by ordinal): the rounds that have a value, ascending. */
    public long[][] rounds;

    /** Per metric: the values, aligned with {@link #rounds}. */
    public double[][] values;

    /**
     * Per metric: the bid each round played (NaN: not known), aligned with {@link #rounds}; null in
     * a series restored from before bids were kept, whose rounds then count as bid not known.
     */
    public double[][] bids;

    /**
     * Per metric: the traffic each round's value stands for, aligned with {@link #rounds}; null in
     * a series restored from before weights were kept, whose rounds then weigh 1.
     */
    public double[][] weights;

    /** Per stage (by ordinal): the rounds whose outcome came and that are not judged yet. */
    public long[][] pending;

    public DriftSeries() {}

    public static DriftSeries empty() {
        DriftSeries series = new DriftSeries();
        int metrics = DriftMetric.values().length;
        series.rounds = new long[metrics][0];
        series.values = new double[metrics][0];
        series.bids = new double[metrics][0];
        series.weights = new double[metrics][0];
        series.pending = new long[DriftMetric.Stage.values().length][0];
        return series;
    }

    /**
     * Records a metric's value for a round and the bid it played (NaN: not known); a round that has
     * one keeps it (a replay).
     */
    public void add(DriftMetric metric, long round, double value, double bid) {
        add(metric, round, value, bid, 1);
    }

    /** {@link #add(DriftMetric, long, double, double)}, the value standing for {@code weight}. */
    public void add(DriftMetric metric, long round, double value, double bid, double weight) {
        int m = metric.ordinal();
        int at = Arrays.binarySearch(rounds[m], round);
        if (at >= 0) {
            return;
        }
        keepBids();
        int insert = -at - 1;
        rounds[m] = inserted(rounds[m], insert, round);
        values[m] = inserted(values[m], insert, value);
        bids[m] = inserted(bids[m], insert, bid);
        weights[m] = inserted(weights[m], insert, weight);
    }

    /** A metric's values of the rounds in [fromRound, toRound) and their bids, in round order. */
    public BidValues values(DriftMetric metric, long fromRound, long toRound) {
        keepBids();
        int m = metric.ordinal();
        int from = firstAtOrAfter(rounds[m], fromRound);
        int to = firstAtOrAfter(rounds[m], toRound);
        return new BidValues(
                Arrays.copyOfRange(values[m], from, to),
                Arrays.copyOfRange(bids[m], from, to),
                Arrays.copyOfRange(weights[m], from, to));
    }

    /**
     * A series restored from before bids and weights were kept: its rounds' bids are not known, and
     * they weigh 1.
     */
    private void keepBids() {
        if (bids == null) {
            bids = filled(Double.NaN);
        }
        if (weights == null) {
            weights = filled(1);
        }
    }

    private double[][] filled(double value) {
        double[][] filled = new double[rounds.length][];
        for (int m = 0; m < rounds.length; m++) {
            filled[m] = new double[rounds[m].length];
            Arrays.fill(filled[m], value);
        }
        return filled;
    }

    /** Marks a round as waiting for its judgment at {@code stage}. */
    public void await(DriftMetric.Stage stage, long round) {
        int s = stage.ordinal();
        int at = Arrays.binarySearch(pending[s], round);
        if (at < 0) {
            pending[s] = inserted(pending[s], -at - 1, round);
        }
    }

    /** Whether the round was waiting for its judgment at {@code stage}; it waits no longer. */
    public boolean takePending(DriftMetric.Stage stage, long round) {
        int s = stage.ordinal();
        int at = Arrays.binarySearch(pending[s], round);
        if (at < 0) {
            return false;
        }
        long[] p = new long[pending[s].length - 1];
        System.arraycopy(pending[s], 0, p, 0, at);
        System.arraycopy(pending[s], at + 1, p, at, p.length - at);
        pending[s] = p;
        return true;
    }

    /** Forgets every metric's values of rounds before {@code oldestNeeded}. */
    public void prune(long oldestNeeded) {
        keepBids();
        for (int m = 0; m < rounds.length; m++) {
            int from = firstAtOrAfter(rounds[m], oldestNeeded);
            rounds[m] = Arrays.copyOfRange(rounds[m], from, rounds[m].length);
            values[m] = Arrays.copyOfRange(values[m], from, values[m].length);
            bids[m] = Arrays.copyOfRange(bids[m], from, bids[m].length);
            weights[m] = Arrays.copyOfRange(weights[m], from, weights[m].length);
        }
    }

    private static long[] inserted(long[] array, int at, long value) {
        long[] a = new long[array.length + 1];
        System.arraycopy(array, 0, a, 0, at);
        a[at] = value;
        System.arraycopy(array, at, a, at + 1, array.length - at);
        return a;
    }

    private static double[] inserted(double[] array, int at, double value) {
        double[] a = new double[array.length + 1];
        System.arraycopy(array, 0, a, 0, at);
        a[at] = value;
        System.arraycopy(array, at, a, at + 1, array.length - at);
        return a;
    }

    private static int firstAtOrAfter(long[] sorted, long round) {
        int at = Arrays.binarySearch(sorted, round);
        return at >= 0 ? at : -at - 1;
    }
}
