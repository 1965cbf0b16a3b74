package io.banditflow.bench;

import io.banditflow.core.context.ContextFeatures;
import io.banditflow.core.policy.BidPolicy;
import io.banditflow.core.policy.Decision;
import io.banditflow.core.policy.DecisionJson;
import io.banditflow.core.policy.DecisionSlot;
import io.banditflow.core.policy.PolicyState;
import io.banditflow.job.config.JobConfig;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A decision of the sponsored-search job (Batch EXP3, 14 bids, the 10-feature round context) turned
 * into the bytes the decision sink hands to Kafka: the largest single cost of the policy task in
 * the whole-job profile (docs/benchmarks.md). Eight decisions of different products and rounds, so
 * the probabilities differ from call to call.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class DecisionJsonBenchmark {
    private static final int DECISIONS = 8;

    private Decision[] decisions;
    private int next;

    @Setup
    public void setUp() {
        JobConfig config = JobConfig.load(Path.of("jobs/sponsored-search.yaml"));
        BidPolicy policy = config.policy();
        SplittableRandom rng = new SplittableRandom(5);
        decisions = new Decision[DECISIONS];
        for (int i = 0; i < DECISIONS; i++) {
            PolicyState state = policy.newState();
            for (int a = 0; a < state.scores.length; a++) {
                state.scores[a] = 3 * rng.nextDouble();
            }
            double[] context = new double[ContextFeatures.DIMENSION];
            for (int f = 0; f < context.length; f++) {
                context[f] = rng.nextDouble();
            }
            long start = 1_700_000_000_000L + i * 10_800_000L;
            DecisionSlot slot =
                    DecisionSlot.round(
                            "p" + (100_000 + i),
                            1000 + i,
                            start,
                            start + 10_800_000L,
                            start + 600_000L);
            decisions[i] = policy.decide(slot, state, context);
        }
        System.out.printf("%n%,d bytes a decision%n", DecisionJson.utf8(decisions[0]).length);
    }

    @Benchmark
    public byte[] utf8() {
        Decision d = decisions[next];
        next = (next + 1) % DECISIONS;
        return DecisionJson.utf8(d);
    }
}
