package io.banditflow.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.banditflow.core.policy.Decision;
import io.banditflow.core.reward.ConversionDelays;
import io.banditflow.core.round.RoundClock;
import io.banditflow.job.config.JobConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The closed loop with the conversion delay modelled: until the model knows the delays, learners
 * wait for final batches exactly as without it; once it does, they learn each batch at its end, two
 * batches (the 2-day attribution window) ahead of waiting; and the same seed plays the same.
 */
class DelayModelledSimulationTest {
    private static final int DAYS = 8;
    private static final int PRODUCTS = 12;
    private static JobConfig job;
    private static RoundClock clock;
    private static long first;

    @BeforeAll
    static void parseJob() throws Exception {
        // learning from final rounds only when not modelling (value and landscape alike): the
        // waiting side of the comparison
        job =
                JobConfig.parse(
                        Files.readString(Path.of("jobs/sponsored-search.yaml"))
                                .replace(
                                        "  seed: 1\n",
                                        "  seed: 1\n  valueWhenOpen: 0\n  landscapeWhenEnded: 0\n"));
        clock = job.clock();
        first = clock.roundOf(Instant.parse("2025-03-01T00:00:00Z").toEpochMilli());
    }

    /** Plays the run and returns every decision, in order. */
    private static List<Decision> play(ConversionDelays model) {
        MarketScenario market =
                SimulationScenario.STATIONARY.market(PRODUCTS, 3, clock, first, DAYS);
        List<Decision> decisions = new ArrayList<>();
        ClosedLoopSimulation loop =
                new ClosedLoopSimulation(
                                new MarketSimulator(market, 3),
                                job.policy(),
                                job.trafficProfile(),
                                job.contextFeatures())
                        .observing((decision, expected) -> decisions.add(decision));
        if (model != null) {
            loop.modellingDelay(model, 0);
        }
        loop.run(first, DAYS * clock.periodsPerDay());
        return decisions;
    }

    private static ConversionDelays model(long minConversions) {
        return new ConversionDelays(clock.attributionMillis(), 1_800_000L, minConversions, 100);
    }

    private static String played(Decision d) {
        return d.productId()
                + "/"
                + d.round()
                + ": "
                + d.bid()
                + " p="
                + d.propensity()
                + " v"
                + d.policyVersion();
    }

    @Test
    void aModelThatKnowsNoDelaysLeavesEveryDecisionAsWaitingMakesIt() {
        assertThat(play(model(Long.MAX_VALUE)).stream().map(DelayModelledSimulationTest::played))
                .containsExactlyElementsOf(
                        play(null).stream().map(DelayModelledSimulationTest::played).toList());
    }

    @Test
    void aModelThatKnowsTheDelaysLearnsEachBatchTwoBatchesAheadOfWaiting() {
        List<Decision> waiting = play(null);
        List<Decision> modelled = play(model(20));

        assertThat(modelled).hasSameSizeAs(waiting);
        long lastRound = first + DAYS * clock.periodsPerDay() - 1;
        for (int i = 0; i < waiting.size(); i++) {
            Decision w = waiting.get(i);
            Decision m = modelled.get(i);
            assertThat(m.productId()).isEqualTo(w.productId());
            if (w.round() == lastRound) {
                // waiting has learned the batches final by day 7 (days 0 to 4), modelling days 0
                // to 6
                assertThat(w.policyVersion()).as(w.productId()).isEqualTo(DAYS - 3);
                assertThat(m.policyVersion()).as(m.productId()).isEqualTo(DAYS - 1);
            }
        }
        assertThat(play(model(20)).stream().map(DelayModelledSimulationTest::played))
                .containsExactlyElementsOf(
                        modelled.stream().map(DelayModelledSimulationTest::played).toList());
    }
}
