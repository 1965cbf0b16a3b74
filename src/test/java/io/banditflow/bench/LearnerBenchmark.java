package io.banditflow.bench;

import io.banditflow.core.policy.BatchExp3;
import io.banditflow.core.policy.BetaState;
import io.banditflow.core.policy.BetaThompson;
import io.banditflow.core.policy.Exp3Parameters;
import io.banditflow.core.policy.Learner;
import io.banditflow.core.policy.LinUcb;
import io.banditflow.core.policy.LinUcbState;
import io.banditflow.core.policy.LinearThompson;
import io.banditflow.core.policy.PlayedRound;
import io.banditflow.core.util.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Decide and update throughput of the learner cores, one thread, K = 14 arms as in the field.
 * Results and the command in docs/benchmarks.md.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LearnerBenchmark {
    private static final int ARMS = 14;

    /** Batch EXP3 over 14 bids; an update is one batch of 8 rounds. */
    @State(Scope.Thread)
    public static class Exp3 {
        final BatchExp3 exp3 = new BatchExp3(ARMS, new Exp3Parameters(0.02, 0.05, 0));
        final double[] scores = new double[ARMS];
        final List<PlayedRound> batch = new ArrayList<>();
        final double[] rewards = new double[8];
        long round;

        @Setup
        public void setUp() {
            SplittableRandom rng = new SplittableRandom(1);
            for (int t = 0; t < 8; t++) {
                int arm = rng.nextInt(ARMS);
                batch.add(new PlayedRound(t, arm, 0.1, 1.0 / ARMS, "d"));
                rewards[t] = rng.nextDouble();
            }
        }
    }

    @Benchmark
    public int exp3Decide(Exp3 s) {
        double[] p = s.exp3.probabilities(s.scores);
        return BatchExp3.sample(p, Seeds.of(1, "p", s.round++));
    }

    @Benchmark
    public double[] exp3UpdateBatchOf8(Exp3 s) {
        s.exp3.update(s.scores, s.batch, s.rewards);
        return s.scores;
    }

    /** Disjoint LinUCB with d features and 14 arms. */
    @State(Scope.Thread)
    public static class LinUcbBench {
        @Param({"8", "16", "32"})
        int dimension;

        LinUcb linUcb;
        LinUcbState state;
        double[][] contexts;
        int next;

        @Setup
        public void setUp() {
            linUcb = new LinUcb(ARMS, dimension, 0.5, 1.0, 1.0);
            state = linUcb.newState();
            SplittableRandom rng = new SplittableRandom(2);
            contexts = new double[256][dimension];
            for (double[] x : contexts) {
                for (int i = 0; i < dimension; i++) {
                    x[i] = rng.nextDouble();
                }
            }
        }

        double[] context() {
            return contexts[next++ & 255];
        }
    }

    @Benchmark
    public int linUcbDecide(LinUcbBench s) {
        return s.linUcb.choose(s.state, s.context(), s.next);
    }

    @Benchmark
    public LinUcbState linUcbUpdate(LinUcbBench s) {
        s.linUcb.update(s.state, s.next % ARMS, s.context(), 0.5);
        return s.state;
    }

    /** Linear Thompson sampling with d features and 14 arms, on the LinUCB statistics. */
    @State(Scope.Thread)
    public static class LinearTs {
        @Param({"8", "16", "32"})
        int dimension;

        LinearThompson ts;
        LinUcbState state;
        double[][] contexts;
        int next;

        @Setup
        public void setUp() {
            ts = new LinearThompson(ARMS, dimension, 0.5, 1.0, 1.0);
            state = ts.newState();
            SplittableRandom rng = new SplittableRandom(2);
            contexts = new double[256][dimension];
            for (double[] x : contexts) {
                for (int i = 0; i < dimension; i++) {
                    x[i] = rng.nextDouble();
                }
            }
            for (int t = 0; t < 1000; t++) {
                ts.update(state, t % ARMS, contexts[t & 255], rng.nextDouble());
            }
        }

        double[] context() {
            return contexts[next++ & 255];
        }
    }

    @Benchmark
    public int linearTsDraw(LinearTs s) {
        return s.ts.draw(s.state, s.context(), s.next);
    }

    @Benchmark
    public Learner.Choice linearTsDecideWithPropensity(LinearTs s) {
        return s.ts.choose(s.state, s.context(), s.next);
    }

    /** Beta–Bernoulli Thompson sampling with its propensity estimated from 256 draws. */
    @State(Scope.Thread)
    public static class Thompson {
        final BetaThompson ts = new BetaThompson(ARMS, 1, 1, 1, 256);
        BetaState state;
        long round;

        @Setup
        public void setUp() {
            state = ts.newState();
        }
    }

    @Benchmark
    public Learner.Choice thompsonDecideWithPropensity(Thompson s) {
        return s.ts.choose(s.state, s.round++);
    }

    @Benchmark
    public BetaState thompsonUpdate(Thompson s) {
        s.ts.update(s.state, (int) (s.round++ % ARMS), 1, s.round);
        return s.state;
    }

    /**
     * Value per click × bid landscape over the 14 field bids, a product two weeks in (eight bids
     * played) in a market with factors of value per click for its 8 periods of the day; the first
     * decision after an update is M = 64 landscape draws, each period's distribution with its exact
     * propensities from them, the next ones reuse those distributions; an update is one batch of 8
     * rounds.
     */
    @State(Scope.Thread)
    public static class Landscape {
        final io.banditflow.core.bid.BidGrid grid =
                io.banditflow.core.bid.BidGrid.sponsoredSearchDefault();
        final io.banditflow.core.policy.ValueLandscape learner =
                io.banditflow.core.policy.ValueLandscape.of(
                        grid, java.util.Map.of("prior.bid", 0.15, "valueWhenOpen", 0.0));
        final io.banditflow.core.policy.PolicyState state =
                new io.banditflow.core.policy.PolicyState();
        io.banditflow.core.policy.LearningBatch batch;
        long round;

        @Setup
        public void setUp() {
            learner.initialise(state);
            SplittableRandom rng = new SplittableRandom(1);
            for (int day = 0; day < 14; day++) {
                learner.learn(state, day(rng));
            }
            batch = day(rng);
            // a market whose clicks convert by the hour: every period its own distribution
            state.landscape.periodFactors =
                    new double[] {1.19, 0.81, 0.54, 0.54, 0.81, 1.19, 1.46, 1.46};
        }

        private io.banditflow.core.policy.LearningBatch day(SplittableRandom rng) {
            List<PlayedRound> played = new ArrayList<>();
            List<io.banditflow.core.reward.RoundOutcome> outcomes = new ArrayList<>();
            double[] shares = new double[8];
            for (int t = 0; t < 8; t++) {
                int arm = 4 + rng.nextInt(8);
                played.add(new PlayedRound(t, arm, grid.bid(arm), 0.2, "d"));
                long impressions = 5L * arm + rng.nextInt(10);
                long clicks = impressions / 10;
                outcomes.add(
                        new io.banditflow.core.reward.RoundOutcome(
                                "p",
                                t,
                                impressions,
                                clicks,
                                clicks * grid.bid(arm) * 0.6,
                                rng.nextInt(20) == 0 ? 1 : 0,
                                5));
                shares[t] = 0.5;
            }
            return new io.banditflow.core.policy.LearningBatch(
                    played, outcomes, shares, new double[8], null);
        }
    }

    /**
     * The first decision after an update: M = 64 draws, every period's best bids from them, kept
     * for the next decisions.
     */
    @Benchmark
    public Learner.Choice landscapeDecide(Landscape s) {
        s.state.landscape.changed();
        return choose(s, 0);
    }

    private static Learner.Choice choose(Landscape s, double pacingLambda) {
        long round = s.round++;
        return s.learner.choose(
                s.state,
                null,
                0,
                ARMS - 1,
                Seeds.of(1, "p", round),
                new Learner.Conditions(pacingLambda, (int) (round % 8)));
    }

    /** A later decision before the next update: the kept distribution, one draw of the bid. */
    @Benchmark
    public Learner.Choice landscapeDecideKept(Landscape s) {
        return choose(s, 0);
    }

    /** A decision under budget pacing (λ above 0): its distribution drawn anew, not kept. */
    @Benchmark
    public Learner.Choice landscapeDecidePaced(Landscape s) {
        return choose(s, 0.4);
    }

    @Benchmark
    public Object landscapeUpdateBatchOf8(Landscape s) {
        s.learner.learn(s.state, s.batch);
        return s.state.landscape;
    }
}
