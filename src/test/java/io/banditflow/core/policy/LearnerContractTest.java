package io.banditflow.core.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.banditflow.core.bid.BidGrid;
import io.banditflow.core.reward.RoundOutcome;
import io.banditflow.core.util.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the job relies on from every learner, checked on each: choices stay within the arms the
 * guardrails allow, the logged distribution is the one the choices follow (so importance weights
 * are right), a choice is a pure function of state, context and seed, updates move the policy
 * towards the arm that pays, and drift recovery keeps, decays or resets as documented.
 */
class LearnerContractTest {
    private static final int ARMS = 5;
    private static final int D = 3;
    private static final int LOW = 1;
    private static final int HIGH = 3;
    private static final double[] X = {1, 0.5, -0.25};
    private static final JsonMapper JSON = new JsonMapper();

    /**
     * Parameters where the test needs a learner to learn faster than its defaults let it in a short
     * run; every other parameter, and every kind not named, at its declared defaults.
     */
    private static final Map<String, Map<String, Double>> FASTER =
            Map.of(
                    "batch-exp3", Map.of("learningRate", 0.2),
                    "exp3-ix", Map.of("learningRate", 0.2, "implicitExploration", 0.01),
                    "discounted-linucb", Map.of("discount", 0.95),
                    "linear-thompson", Map.of("posteriorScale", 0.3),
                    "beta-thompson", Map.of("propensityDraws", 300.0),
                    "epsilon-greedy", Map.of("epsilon", 0.2));

    /**
     * Every registered learner ({@link LearnerKinds}): a new one is held to the contract at once.
     */
    static Stream<Learner> learners() {
        BidGrid grid = new BidGrid(new double[] {0.05, 0.10, 0.15, 0.20, 0.25});
        return LearnerKinds.ALL.stream()
                .filter(LearnerKind::learns)
                .map(
                        kind ->
                                kind.settings(5, FASTER.getOrDefault(kind.name(), Map.of()))
                                        .create(grid, D));
    }

    /** The learners that learn from scalar rewards alone: the pooled rewards and bare updates. */
    static Stream<Learner> scalarLearners() {
        return learners().filter(Learner::learnsFromRewards);
    }

    /** Impressions won per unit of traffic at each arm: non-decreasing in the bid. */
    private static final long[] IMPRESSIONS = {10, 20, 100, 100, 100};

    /** Cost per click at each arm: non-decreasing, at most the bid. */
    private static final double[] COST_PER_CLICK = {0.03, 0.05, 0.06, 0.19, 0.24};

    /**
     * A seeded batch: every arm played with its context, arm 2 paying 0.9 and the others 0.1 — as
     * scalar rewards, and as rounds whose clicks, cost and sales make arm 2 the most profitable: a
     * click is worth 0.3 at every bid, arm 2 wins five times the clicks of arm 1 at a cost close to
     * it, and arms 3 and 4 win no more clicks than arm 2 at three or four times its cost.
     */
    private static void train(Learner learner, PolicyState state, int rounds, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<PlayedRound> played = new ArrayList<>();
        List<RoundOutcome> outcomes = new ArrayList<>();
        double[] rewards = new double[rounds];
        double[] shares = new double[rounds];
        for (int t = 0; t < rounds; t++) {
            int arm = t % ARMS;
            double[] x = {1, rng.nextDouble(-1, 1), rng.nextDouble(-1, 1)};
            played.add(new PlayedRound(t, arm, 0.1, 1.0 / ARMS, "j/p/" + t, 0, ARMS - 1, x));
            rewards[t] = arm == 2 ? 0.9 : 0.1;
            long clicks = IMPRESSIONS[arm] / 10;
            long conversions = clicks / 10;
            outcomes.add(
                    new RoundOutcome(
                            "p",
                            t,
                            IMPRESSIONS[arm],
                            clicks,
                            clicks * COST_PER_CLICK[arm],
                            conversions,
                            conversions * 3.0));
            shares[t] = 1;
        }
        learner.learn(state, new LearningBatch(played, outcomes, shares, rewards, null));
    }

    private static PolicyState fresh(Learner learner) {
        PolicyState state = new PolicyState();
        learner.initialise(state);
        return state;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("learners")
    void shouldChooseOnlyAllowedArmsWithTheDistributionItLogs(Learner learner) {
        PolicyState state = fresh(learner);
        train(learner, state, 20, 1);
        int draws = 3_000;
        int[] counts = new int[ARMS];
        double[] logged = new double[ARMS];
        for (int seed = 0; seed < draws; seed++) {
            Learner.Choice c = learner.choose(state, X, LOW, HIGH, Seeds.of(3, "p", seed));
            assertTrue(c.arm() >= LOW && c.arm() <= HIGH, "arm " + c.arm());
            assertEquals(c.probabilities()[c.arm()], c.propensity(), 0);
            assertTrue(c.propensity() > 0);
            double sum = 0;
            for (int a = 0; a < ARMS; a++) {
                sum += c.probabilities()[a];
                logged[a] += c.probabilities()[a] / draws;
                if (a < LOW || a > HIGH) {
                    assertEquals(0, c.probabilities()[a], 0, "mass outside the allowed arms");
                }
            }
            assertEquals(1, sum, 1e-9);
            counts[c.arm()]++;
        }
        for (int a = LOW; a <= HIGH; a++) {
            double p = logged[a];
            double sd = Math.sqrt(p * (1 - p) / draws);
            assertEquals(p, counts[a] / (double) draws, 4 * sd + 0.01, "arm " + a);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("learners")
    void shouldChooseAsAPureFunctionOfStateContextAndSeed(Learner learner) {
        PolicyState one = fresh(learner);
        PolicyState two = fresh(learner);
        train(learner, one, 30, 2);
        train(learner, two, 30, 2);
        for (long seed = 0; seed < 20; seed++) {
            Learner.Choice a = learner.choose(one, X, 0, ARMS - 1, seed);
            Learner.Choice b = learner.choose(two, X, 0, ARMS - 1, seed);
            assertEquals(a.arm(), b.arm());
            assertArrayEquals(a.probabilities(), b.probabilities(), 0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("learners")
    void shouldMoveTowardsTheArmThatPays(Learner learner) {
        PolicyState state = fresh(learner);
        double before = meanProbability(learner, state, 2);
        train(learner, state, 100, 3);
        double after = meanProbability(learner, state, 2);
        assertTrue(after > before + 0.1, before + " -> " + after);
        assertTrue(after > 0.5, "arm 2 has " + after);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("learners")
    void shouldNameTheArmThatPaysItsBestWithinTheAllowedArms(Learner learner) {
        PolicyState state = fresh(learner);
        assertEquals(1, learner.bestArm(state, X, 1, ARMS - 1), "ties go to the lowest bid");
        train(learner, state, 100, 3);
        assertEquals(2, learner.bestArm(state, X, 0, ARMS - 1));
        int capped = learner.bestArm(state, X, 0, 1);
        assertTrue(capped == 0 || capped == 1, "within the allowed arms: " + capped);
    }

    /** An arm's probability averaged over seeds (the Monte Carlo estimate varies with the seed). */
    private static double meanProbability(Learner learner, PolicyState state, int arm) {
        double sum = 0;
        for (long seed = 0; seed < 50; seed++) {
            sum += learner.choose(state, X, 0, ARMS - 1, seed).probabilities()[arm];
        }
        return sum / 50;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("learners")
    void shouldKeepDecayAndResetOnRecovery(Learner learner) {
        double start = meanProbability(learner, fresh(learner), 2);
        PolicyState state = fresh(learner);
        train(learner, state, 100, 4);
        double trained = meanProbability(learner, state, 2);
        learner.recover(state, RecoveryAction.KEEP, 0.5);
        assertEquals(trained, meanProbability(learner, state, 2), 1e-12);
        learner.recover(state, RecoveryAction.DECAY, 1.0);
        assertEquals(trained, meanProbability(learner, state, 2), 1e-9);
        learner.recover(state, RecoveryAction.DECAY, 0.3);
        double decayed = meanProbability(learner, state, 2);
        assertTrue(
                decayed >= Math.min(start, trained) - 1e-9
                        && decayed <= Math.max(start, trained) + 1e-9,
                "decayed between start and trained: " + start + ", " + decayed + ", " + trained);
        learner.recover(state, RecoveryAction.RESET, 0.3);
        assertEquals(start, meanProbability(learner, state, 2), 1e-9);
    }

    /**
     * Decay moves the model a share of the way back to its start, so decaying by ρ₁ and then ρ₂ is
     * decaying by ρ₁ρ₂, and decaying by 0 is the start.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("learners")
    void shouldDecayTheModelTowardsItsStart(Learner learner) {
        PolicyState twice = fresh(learner);
        PolicyState once = fresh(learner);
        PolicyState zero = fresh(learner);
        for (PolicyState state : List.of(twice, once, zero)) {
            train(learner, state, 60, 5);
        }
        learner.recover(twice, RecoveryAction.DECAY, 0.5);
        learner.recover(twice, RecoveryAction.DECAY, 0.4);
        learner.recover(once, RecoveryAction.DECAY, 0.2);
        learner.recover(zero, RecoveryAction.DECAY, 0.0);
        assertArrayEquals(numbers(once), numbers(twice), 1e-9);
        assertArrayEquals(numbers(fresh(learner)), numbers(zero), 1e-9);
        assertFalse(Arrays.equals(numbers(fresh(learner)), numbers(once)));
    }

    /** Every number of a state's model, in field order. */
    private static double[] numbers(PolicyState state) {
        List<Double> values = new ArrayList<>();
        collect(JSON.valueToTree(state), values);
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void collect(JsonNode node, List<Double> values) {
        if (node.isNumber()) {
            values.add(node.doubleValue());
        }
        node.fields().forEachRemaining(field -> collect(field.getValue(), values));
        if (node.isArray()) {
            node.forEach(item -> collect(item, values));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("learners")
    void shouldStartItsOwnModelInAStateOfAnotherLearnerOrGrid(Learner learner) {
        assertFalse(learner.initialised(new PolicyState()));
        PolicyState other = new PolicyState();
        new BatchExp3(ARMS + 1, new Exp3Parameters(1, 0, 0)).initialise(other);
        new LinUcb(ARMS, D + 1, 1, 1, 1).initialise(other);
        new BetaThompson(ARMS + 1, 1, 1, 1, 10).initialise(other);
        new EpsilonGreedy(ARMS + 1, 0.1, 1, 1).initialise(other);
        assertFalse(learner.initialised(other), "a model for other arms or features");
        learner.initialise(other);
        assertTrue(learner.initialised(other));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scalarLearners")
    void shouldSkipRoundsLoggedWithoutItsContext(Learner learner) {
        PolicyState state = fresh(learner);
        double[] before = learner.choose(state, X, 0, ARMS - 1, 1).probabilities();
        learner.update(
                state, List.of(new PlayedRound(1, 2, 0.1, 0.2, "j/p/1")), new double[] {1.0});
        double[] after = learner.choose(state, X, 0, ARMS - 1, 1).probabilities();
        if (learner.contextual()) {
            assertArrayEquals(before, after, 0, "a round without context teaches nothing");
        } else {
            assertTrue(after[2] >= before[2], "a non-contextual learner learns from it");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scalarLearners")
    void shouldStartFromThePooledEvidenceOfItsCategory(Learner learner) {
        double[] means = {0.2, 0.3, 0.2, 0.9, 0.1};
        PooledPrior prior =
                new PooledPrior("shoes", 0, means, new double[] {24, 24, 24, 24, 12}, 24);
        PolicyState pooled = new PolicyState();
        learner.initialise(pooled, prior);
        assertTrue(learner.initialised(pooled));
        assertEquals(3, learner.bestArm(pooled, X, 0, ARMS - 1), "the category's best bid");
        assertTrue(
                meanProbability(learner, pooled, 3) > meanProbability(learner, fresh(learner), 3),
                "more likely than from scratch");

        train(learner, pooled, 200, 3);
        assertEquals(2, learner.bestArm(pooled, X, 0, ARMS - 1), "its own feedback wins");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("learners")
    void shouldRejectAPriorOverAnotherGrid(Learner learner) {
        PooledPrior prior =
                new PooledPrior("shoes", 0, new double[ARMS + 1], new double[ARMS + 1], 1);
        assertThrows(
                IllegalArgumentException.class, () -> learner.initialise(new PolicyState(), prior));
    }
}
