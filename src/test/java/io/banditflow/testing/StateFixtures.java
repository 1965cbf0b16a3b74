package io.banditflow.testing;

import io.banditflow.core.bid.BidGrid;
import io.banditflow.core.context.RecentConversions;
import io.banditflow.core.drift.BottomKSample;
import io.banditflow.core.drift.DriftState;
import io.banditflow.core.event.CatalogEntry;
import io.banditflow.core.event.ControlAction;
import io.banditflow.core.event.ControlCommand;
import io.banditflow.core.event.Device;
import io.banditflow.core.event.EventType;
import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.event.ProductStatus;
import io.banditflow.core.guard.Guardrail;
import io.banditflow.core.guard.RoundSpend;
import io.banditflow.core.landscape.BidLandscape;
import io.banditflow.core.landscape.DelayEvidence;
import io.banditflow.core.landscape.PooledValue;
import io.banditflow.core.landscape.ProductValue;
import io.banditflow.core.landscape.ValueEvidence;
import io.banditflow.core.landscape.ValuePrior;
import io.banditflow.core.landscape.ValueSpread;
import io.banditflow.core.policy.BetaThompson;
import io.banditflow.core.policy.Decision;
import io.banditflow.core.policy.DecisionMode;
import io.banditflow.core.policy.EpsilonGreedy;
import io.banditflow.core.policy.LinUcb;
import io.banditflow.core.policy.LinUcbState;
import io.banditflow.core.policy.PlayedRound;
import io.banditflow.core.policy.PolicyState;
import io.banditflow.core.policy.PooledPrior;
import io.banditflow.core.policy.PropensityMethod;
import io.banditflow.core.pool.CategoryPool;
import io.banditflow.core.pool.CategoryPooling;
import io.banditflow.core.request.PendingRequest;
import io.banditflow.core.reward.DelayModel;
import io.banditflow.core.reward.ProfitHistory;
import io.banditflow.core.reward.RoundOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Committed fixtures of the job's state types as Flink stores them: each file holds the type's
 * serializer snapshot and example values written with that serializer, the way a savepoint does. A
 * test restores every fixture with the current code; {@link #main} writes a new format version (run
 * it, commit the files, never overwrite an old version).
 *
 * <pre>
 * mvn -q test-compile exec:exec@state-fixtures
 * </pre>
 */
public final class StateFixtures {
    /**
     * The format version {@link #main} writes. 7: a savepoint keeps the job's event clock (the
     * policy's broadcast state {@code event-clock}, the final-round guard's watermark); the keyed
     * state types are those of 6. 8: the value-landscape learner's state, each product's value
     * evidence and the pooled parts the policy keeps. 9: conversion delays — a round's conversions'
     * delays, the value-landscape learner's sums of the rounds inside the attribution window, a
     * pool key's delay counts and the delays in the pooled parts. 10: the value-landscape learner's
     * start bid from its category (cold start). 11: value per click by period of the day — the
     * learner's factors in force and its decision distributions kept per period as counts (the
     * single kept distribution {@code policy} removed), a pool key's clicks and conversions per
     * period (the job's {@code period-sums}, a {@code DelayEvidence}) and those in the pooled
     * parts. 12: the spread of values per conversion — each product's Σ V_r² / s_r and rounds with
     * a sale ({@code ProductValue}) and a pool key's sums of it in the pooled parts ({@code
     * PooledValue.spread}), and the value-landscape learner's bids learned whole ({@code
     * LandscapeState.trusted}).
     */
    public static final int VERSION = 12;

    public static final Path DIRECTORY = Path.of("src/test/resources/fixtures/state");

    private StateFixtures() {}

    /** One state type with the example values its fixture holds. */
    public record Example<T>(String name, Class<T> type, List<T> values) {}

    /**
     * The state types of the job's operators as of a format version, with the values its fixtures
     * hold and restore to: a later version's examples replace earlier ones of the same name, and
     * fields added since restore as their defaults, which the older examples leave unset.
     */
    public static List<Example<?>> examples(int version) {
        Map<String, Example<?>> byName = new LinkedHashMap<>();
        for (Example<?> e : firstVersion()) {
            byName.put(e.name(), e);
        }
        if (version >= 2) {
            for (Example<?> e : secondVersion()) {
                byName.put(e.name(), e);
            }
        }
        if (version >= 3) {
            for (Example<?> e : thirdVersion()) {
                byName.put(e.name(), e);
            }
        }
        if (version >= 4) {
            for (Example<?> e : fourthVersion()) {
                byName.put(e.name(), e);
            }
        }
        if (version >= 6) {
            for (Example<?> e : sixthVersion()) {
                byName.put(e.name(), e);
            }
        }
        if (version >= 8) {
            for (Example<?> e : eighthVersion()) {
                byName.put(e.name(), e);
            }
        }
        if (version >= 9) {
            for (Example<?> e : ninthVersion()) {
                byName.put(e.name(), e);
            }
        }
        if (version >= 10) {
            for (Example<?> e : tenthVersion()) {
                byName.put(e.name(), e);
            }
        }
        if (version >= 11) {
            for (Example<?> e : eleventhVersion()) {
                byName.put(e.name(), e);
            }
        }
        if (version >= 12) {
            for (Example<?> e : twelfthVersion()) {
                byName.put(e.name(), e);
            }
        }
        return List.copyOf(byName.values());
    }

    /**
     * Version 2: the learners besides EXP3 (their models in the policy state), the context of a
     * played round, impressions in the round spend, the recent conversions of the context, and the
     * open requests and waiting feedback of requests mode.
     */
    private static List<Example<?>> secondVersion() {
        PolicyState linear = new PolicyState();
        linear.linear = new LinUcbState(); // A and b; the inverse and its counters are dropped
        linear.linear.a = new double[][] {{1, 0, 0, 1}, {2, 0.5, 0.5, 1.25}};
        linear.linear.b = new double[][] {{0, 0}, {0.75, -0.25}};
        linear.profitHistory = new ProfitHistory(4);
        linear.profitHistory.add(0.5);
        linear.policyVersion = 3;
        linear.roundsLearned = 16;
        linear.lastUpdateTime = 1_728_000_000_000L;
        PolicyState beta = new PolicyState();
        beta.beta = new BetaThompson(3, 1, 1, 1, 10).newState();
        beta.beta.alpha[2] = 4;
        beta.profitHistory = new ProfitHistory(2);
        PolicyState means = new PolicyState();
        means.means = new EpsilonGreedy(3, 0.1, 1, 1).newState();
        means.means.sums[0] = 2.5;
        means.profitHistory = new ProfitHistory(2);
        RecentConversions conversions = new RecentConversions();
        conversions.addBatch(40, 2);
        PendingRequest request = new PendingRequest();
        request.decisionId = "job/p/request/q-1";
        request.round = 480_001;
        request.arm = 2;
        request.bid = 0.05;
        request.propensity = 0.5;
        request.lowestArm = 0;
        request.highestArm = 9;
        request.context = new double[] {1, 0, 1};
        request.learns = true;
        request.add(FeedbackEvent.click("c", "p", 1_728_003_600_000L, 0.04, request.decisionId));
        return List.of(
                new Example<>("policy-state", PolicyState.class, List.of(linear)),
                new Example<>("policy-state-beta", PolicyState.class, List.of(beta)),
                new Example<>("policy-state-means", PolicyState.class, List.of(means)),
                new Example<>(
                        "played-round",
                        PlayedRound.class,
                        List.of(
                                new PlayedRound(
                                        480_001,
                                        3,
                                        0.07,
                                        0.125,
                                        "job/p/480001",
                                        1,
                                        9,
                                        new double[] {1, 0.5, -0.25}))),
                new Example<>(
                        "round-spend",
                        RoundSpend.class,
                        List.of(new RoundSpend(480_001, 0.42, 3, 57))),
                new Example<>("recent-conversions", RecentConversions.class, List.of(conversions)),
                new Example<>("pending-request", PendingRequest.class, List.of(request)),
                new Example<>(
                        "feedback-event",
                        FeedbackEvent.class,
                        List.of(
                                new FeedbackEvent(
                                        EventType.IMPRESSION,
                                        "i",
                                        "p",
                                        1_728_003_600_000L,
                                        1_728_003_600_000L,
                                        0.05,
                                        0,
                                        0,
                                        "job/p/request/q-1",
                                        Device.MOBILE),
                                FeedbackEvent.conversion(
                                        "v",
                                        "p",
                                        1_728_010_800_000L,
                                        1_728_003_600_000L,
                                        19.5,
                                        "job/p/request/q-1"))));
    }

    /**
     * Version 3: cold start — the bid a round's impressions echoed, the category a learner started
     * from, a category's pool, its evidence waiting for the round's final time, and the priors the
     * policy keeps per category.
     */
    private static List<Example<?>> thirdVersion() {
        PolicyState pooled = new PolicyState();
        pooled.scores = new double[] {0.5, 7.2, 3.0};
        pooled.profitHistory = new ProfitHistory(4);
        pooled.pooledFrom = "shoes";
        CategoryPool pool = new CategoryPool();
        pool.rounds = new double[] {3.5, 0, 12.25};
        pool.rewardSums = new double[] {0.7, 0, 9.8};
        pool.lastRound = 480_001;
        pool.started = true;
        PooledPrior prior =
                new PooledPrior(
                        "shoes",
                        1_728_010_799_999L,
                        new double[] {0.2, 0, 0.8},
                        new double[] {3.5, 0, 8},
                        8);
        return List.of(
                new Example<>("policy-state-pooled", PolicyState.class, List.of(pooled)),
                new Example<>(
                        "round-outcome",
                        RoundOutcome.class,
                        List.of(
                                new RoundOutcome(
                                        "p", 480_001, 40, 3, 0.42, 1, 24.9, 12, 40, 0.15))),
                new Example<>("category-pool", CategoryPool.class, List.of(pool)),
                new Example<>(
                        "pooled-evidence",
                        CategoryPooling.Evidence.class,
                        List.of(new CategoryPooling.Evidence("p", 480_001, 2, 0.75))),
                new Example<>(
                        "category-priors",
                        PooledPrior[].class,
                        List.<PooledPrior[]>of(new PooledPrior[] {prior})));
    }

    /**
     * Version 4: rollback — a logged decision waiting to be replayed. Version 5 adds no type: the
     * decision gained its variant (a shadow policy's name), and the shadows' learners are policy
     * states.
     */
    private static List<Example<?>> fourthVersion() {
        Decision logged =
                new Decision(
                        "job/p/480001",
                        "job",
                        "p",
                        480_001,
                        1_728_003_600_000L,
                        1_728_007_200_000L,
                        1_728_003_600_000L,
                        0.1,
                        1,
                        0.625,
                        new double[] {0.05, 0.1, 0.2},
                        new double[] {0.25, 0.625, 0.125},
                        "batch-exp3",
                        4,
                        PropensityMethod.EXACT,
                        0,
                        DecisionMode.LEARNED,
                        "learned",
                        new Guardrail[] {Guardrail.BID_BOUNDS},
                        0,
                        2,
                        new double[] {1, 0.5},
                        null,
                        null);
        return List.of(new Example<>("logged-decision", Decision.class, List.of(logged)));
    }

    /** Version 6: LinUCB keeps the Cholesky factor of A instead of A and its inverse. */
    private static List<Example<?>> sixthVersion() {
        LinUcb linUcb = new LinUcb(2, 2, 0.5, 1, 1);
        PolicyState linear = new PolicyState();
        linear.linear = linUcb.newState();
        linUcb.update(linear.linear, 1, new double[] {1, 0.5}, 0.75);
        linear.profitHistory = new ProfitHistory(4);
        linear.profitHistory.add(0.5);
        linear.policyVersion = 3;
        linear.roundsLearned = 16;
        linear.lastUpdateTime = 1_728_000_000_000L;
        return List.of(new Example<>("policy-state", PolicyState.class, List.of(linear)));
    }

    /**
     * Version 8: value pooling — a value-landscape learner's state (per bid traffic, impressions,
     * clicks and cost; value totals; the population prior in force), a product's value evidence in
     * its pool key, and the parts of the population the policy keeps per key.
     */
    private static List<Example<?>> eighthVersion() {
        BidLandscape landscape = new BidLandscape(new BidGrid(new double[] {0.05, 0.10, 0.20}));
        PolicyState learner = new PolicyState();
        learner.landscape = landscape.newState();
        learner.landscape.trusted = null; // version 12's
        landscape.observe(learner.landscape, 1, 0.125, 40, 3, 0.21);
        learner.landscape.totalClicks = 3;
        learner.landscape.conversions = 1;
        learner.landscape.value = 24.5;
        learner.landscape.keepPrior(new ValuePrior(2.5, 97.5, 30, 2));
        learner.profitHistory = new ProfitHistory(4);
        learner.policyVersion = 2;
        learner.roundsLearned = 8;
        ProductValue value = new ValueEvidence().add(null, 60_000, new double[] {12, 1, 24.5});
        return List.of(
                new Example<>("policy-state-landscape", PolicyState.class, List.of(learner)),
                new Example<>("product-value", ProductValue.class, List.of(value)),
                valuePools(null, null, null));
    }

    /**
     * Version 10: a value-landscape learner started from its category keeps the bid its first
     * decisions stay next to ({@code LandscapeState.startBid}).
     */
    private static List<Example<?>> tenthVersion() {
        PolicyState learner = (PolicyState) ninthVersion().get(0).values().get(0);
        learner.landscape.startBid = 0.20;
        return List.of(
                new Example<>("policy-state-landscape", PolicyState.class, List.of(learner)));
    }

    /**
     * Version 11: value per click by period of the day — the learner's factors in force and its
     * decision distributions kept per period as counts of draws won over a range of bids, a pool
     * key's clicks and conversions per period in two halves, and those in the pooled parts.
     */
    private static List<Example<?>> eleventhVersion() {
        PolicyState learner = (PolicyState) tenthVersion().get(0).values().get(0);
        learner.landscape.periodFactors = new double[] {0.8, 1.25};
        learner.landscape.keepPolicy(new short[] {40, 24, 0, 64}, 1, 2);
        DelayEvidence periods =
                new ValueEvidence().addPeriods(null, 20_001, new double[] {300, 500, 6, 15}, 2);
        return List.of(
                new Example<>("policy-state-landscape", PolicyState.class, List.of(learner)),
                new Example<>("delay-evidence", DelayEvidence.class, List.of(periods)),
                valuePools(null, periods.bins, null));
    }

    /**
     * Version 12: the spread of values per conversion ({@code ValueSpread}): a product's sums of
     * its rounds with a sale, and a pool key's spread sums in the parts of the population the
     * policy keeps.
     */
    private static List<Example<?>> twelfthVersion() {
        PolicyState learner = (PolicyState) eleventhVersion().get(0).values().get(0);
        learner.landscape.trusted = new boolean[] {false, true, false};
        double[] rounds = ValueEvidence.addRound(null, 12, 1, 24.5);
        ValueEvidence.addRound(rounds, 30, 2, 41);
        ProductValue value = new ValueEvidence().add(null, 60_000, rounds);
        double[] periods =
                new ValueEvidence()
                        .addPeriods(null, 20_001, new double[] {300, 500, 6, 15}, 2)
                        .bins;
        double[] spread = new ValueSpread().add(3, 65.5, 24.5 * 24.5 + 41 * 41 / 2.0, 2).sums();
        return List.of(
                new Example<>("policy-state-landscape", PolicyState.class, List.of(learner)),
                new Example<>("product-value", ProductValue.class, List.of(value)),
                valuePools(null, periods, spread));
    }

    /**
     * Version 9: conversion delays — each round's conversions' delays from their clicks, the
     * value-landscape learner's sums of its rounds inside the attribution window, a pool key's
     * delay counts per bin, and the delays in the parts of the population the policy keeps.
     */
    private static List<Example<?>> ninthVersion() {
        List<Example<?>> eighth = eighthVersion();
        PolicyState learner = (PolicyState) eighth.get(0).values().get(0);
        learner.landscape.openClicks = 7.25;
        learner.landscape.openConversions = 1;
        learner.landscape.openValue = 31;
        double[] bins = new double[DelayModel.BINS];
        bins[0] = 2.5;
        bins[7] = 0.99;
        DelayEvidence delays = new ValueEvidence().addDelays(null, 20_001, bins);
        return List.of(
                new Example<>("policy-state-landscape", PolicyState.class, List.of(learner)),
                new Example<>(
                        "round-outcome",
                        RoundOutcome.class,
                        List.of(
                                new RoundOutcome(
                                        "p",
                                        480_001,
                                        40,
                                        3,
                                        0.42,
                                        2,
                                        49.8,
                                        12,
                                        40,
                                        0.15,
                                        new long[] {600_000, 90_000_000}))),
                new Example<>("delay-evidence", DelayEvidence.class, List.of(delays)),
                valuePools(bins, null, null));
    }

    /**
     * The parts of the population the policy keeps, one key's: the value sums of versions 8 on,
     * with the delays of version 9, the period sums of version 11 and the value spread of version
     * 12 where given (else null).
     */
    private static Example<PooledValue[]> valuePools(
            double[] delays, double[] periods, double[] spread) {
        return new Example<>(
                "value-pools",
                PooledValue[].class,
                List.<PooledValue[]>of(
                        new PooledValue[] {
                            new PooledValue(
                                    "shoes/3",
                                    1_728_000_000_000L,
                                    7,
                                    420,
                                    9,
                                    180.5,
                                    0.4,
                                    31_000,
                                    delays,
                                    periods,
                                    spread)
                        }));
    }

    /** Version 1: Batch EXP3 and the operators' state of the drift and guardrail issue. */
    private static List<Example<?>> firstVersion() {
        PolicyState learner = new PolicyState();
        learner.scores = new double[] {0.5, -1.25, 3.0};
        learner.profitHistory = new ProfitHistory(4);
        learner.profitHistory.add(1.5);
        learner.profitHistory.add(-0.5);
        learner.policyVersion = 7;
        learner.roundsLearned = 56;
        learner.lastUpdateTime = 1_728_000_000_000L;
        DriftState drift = new DriftState();
        drift.inFallback = true;
        drift.cleanWindows = 3;
        drift.referenceFromRound = 480_123;
        BottomKSample sample = new BottomKSample(4);
        sample.offer(42, 0.1);
        sample.offer(7, 0.3);
        return List.of(
                new Example<>("policy-state", PolicyState.class, List.of(learner)),
                new Example<>(
                        "played-round",
                        PlayedRound.class,
                        List.of(new PlayedRound(480_001, 3, 0.07, 0.125, "job/p/480001", 1, 9))),
                new Example<>(
                        "round-outcome",
                        RoundOutcome.class,
                        List.of(new RoundOutcome("p", 480_001, 40, 3, 0.42, 1, 24.9, 12, 40))),
                new Example<>("drift-state", DriftState.class, List.of(drift)),
                new Example<>("bottom-k-sample", BottomKSample.class, List.of(sample)),
                new Example<>(
                        "round-spend", RoundSpend.class, List.of(new RoundSpend(480_001, 0.42, 3))),
                new Example<>(
                        "catalog-entry",
                        CatalogEntry.class,
                        List.of(
                                new CatalogEntry(
                                        "p",
                                        "shoes",
                                        "mid",
                                        0.12,
                                        ProductStatus.PAUSED,
                                        1_728_000_000_000L))),
                new Example<>(
                        "control-command",
                        ControlCommand.class,
                        List.of(
                                new ControlCommand(
                                        "k1",
                                        "*",
                                        ControlAction.FORCE_BASELINE,
                                        "incident",
                                        "sre",
                                        1_728_000_000_000L))));
    }

    public static <T> byte[] write(Class<T> type, List<T> values) throws IOException {
        TypeSerializer<T> serializer = serializer(type);
        DataOutputSerializer out = new DataOutputSerializer(256);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());
        out.writeInt(values.size());
        for (T value : values) {
            serializer.serialize(value, out);
        }
        return out.getCopyOfBuffer();
    }

    /**
     * Reads values written by an earlier format, as a restore does: the current serializer when the
     * schema is compatible as is, the reconfigured one when it is compatible after reconfiguration
     * (a value added to an enum), the old one (and so a migration) when it has evolved.
     *
     * @throws IllegalStateException when the current code cannot read the old format
     */
    public static <T> List<T> read(Class<T> type, byte[] bytes) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(bytes);
        TypeSerializerSnapshot<T> old =
                TypeSerializerSnapshot.readVersionedSnapshot(
                        in, StateFixtures.class.getClassLoader());
        TypeSerializer<T> current = serializer(type);
        TypeSerializerSchemaCompatibility<T> compatibility =
                current.snapshotConfiguration().resolveSchemaCompatibility(old);
        TypeSerializer<T> reader;
        if (compatibility.isCompatibleAsIs()) {
            reader = current;
        } else if (compatibility.isCompatibleWithReconfiguredSerializer()) {
            reader = compatibility.getReconfiguredSerializer(); // e.g. an enum value added
        } else if (compatibility.isCompatibleAfterMigration()) {
            reader = old.restoreSerializer();
        } else {
            throw new IllegalStateException(type.getSimpleName() + ": " + compatibility);
        }
        int n = in.readInt();
        List<T> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            values.add(reader.deserialize(in));
        }
        return values;
    }

    private static <T> TypeSerializer<T> serializer(Class<T> type) {
        return TypeInformation.of(type).createSerializer(new SerializerConfigImpl());
    }

    public static Path file(String name, int version) {
        return DIRECTORY.resolve(name + "-v" + version + ".bin");
    }

    /** Writes the fixtures of {@link #VERSION}; refuses to overwrite an existing file. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void main(String[] args) throws IOException {
        Files.createDirectories(DIRECTORY);
        Map<Path, byte[]> files = new LinkedHashMap<>();
        for (Example example : examples(VERSION)) {
            files.put(file(example.name(), VERSION), write(example.type(), example.values()));
        }
        for (Map.Entry<Path, byte[]> entry : files.entrySet()) {
            if (Files.exists(entry.getKey())) {
                System.out.println("kept " + entry.getKey() + " (never overwrite a version)");
                continue;
            }
            Files.write(entry.getKey(), entry.getValue());
            System.out.println("wrote " + entry.getKey());
        }
    }
}
