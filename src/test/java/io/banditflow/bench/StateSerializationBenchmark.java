package io.banditflow.bench;

import io.banditflow.core.policy.LinUcb;
import io.banditflow.core.policy.PolicyState;
import io.banditflow.core.reward.ProfitHistory;
import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A product's learner state written and read with the serializer Flink keeps it with (the POJO
 * serializer of {@link PolicyState}, as in RocksDB): what every decision reads and every update
 * writes. Batch EXP3 and LinUCB (d = 8, 16, 32) with 14 arms and the job's 112-round profit
 * history; the serialized size is printed at set-up. Results in docs/benchmarks.md.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StateSerializationBenchmark {
    private static final int ARMS = 14;

    @State(Scope.Thread)
    public static class Learner {
        @Param({"batch-exp3", "linucb-8", "linucb-16", "linucb-32", "value-landscape"})
        String learner;

        TypeSerializer<PolicyState> serializer;
        PolicyState state;
        DataOutputSerializer out;
        byte[] bytes;

        @Setup
        public void setUp() throws IOException {
            SplittableRandom rng = new SplittableRandom(3);
            state = new PolicyState();
            state.profitHistory = new ProfitHistory(112);
            for (int t = 0; t < 112; t++) {
                state.profitHistory.add(rng.nextDouble());
            }
            if (learner.equals("value-landscape")) {
                // every bid played, a population prior and a kept decision distribution
                state.landscape =
                        new io.banditflow.core.landscape.BidLandscape(
                                        io.banditflow.core.bid.BidGrid.sponsoredSearchDefault())
                                .newState();
                var landscape = state.landscape;
                for (int a = 0; a < ARMS; a++) {
                    landscape.exposure[a] = rng.nextDouble();
                    landscape.impressions[a] = rng.nextDouble();
                    landscape.clicks[a] = rng.nextDouble();
                    landscape.cost[a] = rng.nextDouble();
                }
                landscape.keepPrior(new io.banditflow.core.landscape.ValuePrior(2, 98, 50, 2));
                // a day of 8 periods, each with its factor and its distribution over every bid:
                // the most a product keeps
                landscape.periodFactors = new double[8];
                short[] wins = new short[8 * ARMS];
                for (int row = 0; row < 8; row++) {
                    landscape.periodFactors[row] = 0.8 + 0.05 * row;
                    for (int a = 0; a < ARMS; a++) {
                        wins[row * ARMS + a] = (short) rng.nextInt(8);
                    }
                }
                landscape.keepPolicy(wins, 0, ARMS - 1);
                state.profitHistory = null; // it learns from no rewards: BidPolicy keeps none
            } else if (learner.equals("batch-exp3")) {
                state.scores = new double[ARMS];
                for (int a = 0; a < ARMS; a++) {
                    state.scores[a] = rng.nextDouble();
                }
            } else {
                int dimension = Integer.parseInt(learner.substring("linucb-".length()));
                LinUcb linUcb = new LinUcb(ARMS, dimension, 0.5, 1.0, 1.0);
                state.linear = linUcb.newState();
                double[] x = new double[dimension];
                for (int t = 0; t < 500; t++) {
                    for (int i = 0; i < dimension; i++) {
                        x[i] = rng.nextDouble();
                    }
                    linUcb.update(state.linear, t % ARMS, x, rng.nextDouble());
                }
            }
            serializer =
                    TypeInformation.of(PolicyState.class)
                            .createSerializer(new SerializerConfigImpl());
            out = new DataOutputSerializer(1 << 16);
            serializer.serialize(state, out);
            bytes = out.getCopyOfBuffer();
            System.out.printf("%n%s: %,d bytes serialized%n", learner, bytes.length);
        }
    }

    @Benchmark
    public int write(Learner s) throws IOException {
        s.out.clear();
        s.serializer.serialize(s.state, s.out);
        return s.out.length();
    }

    @Benchmark
    public PolicyState read(Learner s) throws IOException {
        return s.serializer.deserialize(new DataInputDeserializer(s.bytes));
    }
}
