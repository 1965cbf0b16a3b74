package io.banditflow.core.policy;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Every learning algorithm the job runs, in the order reports list them. Adding one: its class
 * declares its {@link LearnerKind}, and the kind goes in {@link #ALL}.
 */
public final class LearnerKinds {
    /** No learning: every decision is the baseline bid (mode BASELINE). */
    public static final LearnerKind BASELINE =
            new LearnerKind(
                    "baseline",
                    "no learning: every decision is the baseline bid, mode `BASELINE`",
                    List.of(),
                    (settings, grid, contextDimension) -> null);

    /** Every kind: the learners first, the baseline last. */
    public static final List<LearnerKind> ALL =
            List.of(
                    BatchExp3.BATCH_EXP3,
                    BatchExp3.EXP3_IX,
                    LinUcb.LINUCB,
                    LinUcb.DISCOUNTED_LINUCB,
                    LinearThompson.KIND,
                    BetaThompson.KIND,
                    EpsilonGreedy.KIND,
                    ValueLandscape.KIND,
                    BASELINE);

    /**
     * The learner of a job file that names none: the one that earns most on every market and
     * mechanism measured (docs/learners.md, "Issue 19's targets at a glance"), as the shipped job
     * files name it.
     */
    public static final LearnerKind DEFAULT = ValueLandscape.KIND;

    private LearnerKinds() {}

    /** The kind named {@code name}. */
    public static LearnerKind of(String name) {
        return ALL.stream()
                .filter(kind -> kind.name().equals(name))
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "no learner " + name + "; there are " + names()));
    }

    /** Every kind's name, in order. */
    public static List<String> names() {
        return ALL.stream().map(LearnerKind::name).collect(Collectors.toList());
    }

    /** The names of the kinds that learn (all but the baseline), in order. */
    public static List<String> learning() {
        return ALL.stream().filter(LearnerKind::learns).map(LearnerKind::name).toList();
    }
}
