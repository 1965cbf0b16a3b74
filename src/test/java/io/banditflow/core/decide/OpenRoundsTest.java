package io.banditflow.core.decide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.banditflow.core.landscape.OpenValue;
import io.banditflow.core.reward.DelayModel;
import io.banditflow.core.round.RoundClock;
import java.time.Duration;
import java.util.Arrays;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class OpenRoundsTest {
    private static final long HOUR = 3_600_000L;

    /** Hourly rounds, daily batches, a two-day attribution window. */
    private static final RoundClock CLOCK =
            new RoundClock(Duration.ofHours(1), 24, Duration.ofDays(2), Duration.ofMinutes(5));

    /** One sale per hour of the window: G(a) = a / 48 h. */
    private static DelayModel linear() {
        return linear(CLOCK);
    }

    @Test
    void aRoundsClicksCountWithTheShareOfTheirSalesArrivedAndOnlyArrivedSalesCount() {
        long now = CLOCK.batchEndedTime(1); // the end of day 1: 48 h − 1 ms
        SortedMap<Long, double[]> rounds = new TreeMap<>();
        // round 24 (day 1, [24 h, 25 h)): 10 clicks, a sale at 30 h worth 40, one at 50 h (later)
        double[] round24 = OpenRounds.withClicks(null, 10);
        round24 = OpenRounds.withConversion(round24, 30 * HOUR, 40);
        round24 = OpenRounds.withConversion(round24, 50 * HOUR, 15);
        rounds.put(24L, round24);
        // round 47: not learned (the learner did not decide it)
        rounds.put(47L, OpenRounds.withClicks(null, 99));

        OpenValue open = OpenRounds.at(CLOCK, rounds, round -> round != 47, linear(), now);

        // mean click age at 48 h − 1 ms: 23.5 h − 1 ms, so G = (23.5 h − 1 ms) / 48 h
        double g = (23.5 * HOUR - 1) / (48 * HOUR);
        assertThat(open.clicks()).isCloseTo(10 * g, within(1e-12));
        assertThat(open.conversions()).isEqualTo(1);
        assertThat(open.value()).isEqualTo(40);
    }

    @Test
    void roundsOfAFinalBatchNotEndedOrWithoutADelayModelAreLeftOut() {
        SortedMap<Long, double[]> rounds = new TreeMap<>();
        rounds.put(0L, OpenRounds.withConversion(OpenRounds.withClicks(null, 5), HOUR, 9));
        rounds.put(72L, OpenRounds.withClicks(null, 5)); // day 3: not ended at the end of day 2
        long now = CLOCK.batchFinalTime(0); // day 0 is final: learned in full, not open
        assertThat(CLOCK.batchEndedTime(2)).isEqualTo(now);

        assertThat(OpenRounds.at(CLOCK, rounds, round -> true, linear(), now))
                .isEqualTo(OpenValue.NONE);
        assertThat(OpenRounds.at(CLOCK, rounds, round -> true, null, now - 1))
                .isEqualTo(OpenValue.NONE);
        OpenValue dayZero = OpenRounds.at(CLOCK, rounds, round -> true, linear(), now - 1);
        assertThat(dayZero.conversions()).isEqualTo(1);
        // round 0 is past its own window (71.5 h old) while its batch is not final: all its sales
        // have arrived, G = 1
        assertThat(dayZero.clicks()).isEqualTo(5);
    }

    @Test
    void withoutADelayModelTheRoundsOfAMatureBatchCountWholeAndYoungerOnesWait() {
        // a thirty-day window whose batches mature a day after they end
        RoundClock month =
                new RoundClock(
                        Duration.ofHours(1),
                        24,
                        Duration.ofDays(30),
                        Duration.ofMinutes(5),
                        Duration.ofDays(1));
        SortedMap<Long, double[]> rounds = new TreeMap<>();
        // day 0: 10 clicks at hour 3, a sale at 5 h worth 40 and one at 60 h worth 15; 4 clicks at
        // hour 20 with none; day 1: 7 clicks and a sale, not mature by the end of day 2
        double[] hour3 = OpenRounds.withClicks(null, 10);
        hour3 = OpenRounds.withConversion(hour3, 5 * HOUR, 40);
        hour3 = OpenRounds.withConversion(hour3, 60 * HOUR, 15);
        rounds.put(3L, hour3);
        rounds.put(20L, OpenRounds.withClicks(null, 4));
        rounds.put(30L, OpenRounds.withConversion(OpenRounds.withClicks(null, 7), 31 * HOUR, 9));

        long dayZeroMature = month.batchMatureTime(0); // 48 h − 1 ms
        OpenValue beforeMature = OpenRounds.at(month, rounds, r -> true, null, dayZeroMature - 1);
        OpenValue mature = OpenRounds.at(month, rounds, r -> true, null, dayZeroMature);
        OpenValue later = OpenRounds.at(month, rounds, r -> true, null, 61 * HOUR);

        assertThat(beforeMature).isEqualTo(OpenValue.NONE);
        assertThat(mature).isEqualTo(new OpenValue(14, 1, 40));
        // the later sale counts once it has arrived; day 1 is not mature before 72 h − 1 ms
        assertThat(later).isEqualTo(new OpenValue(14, 2, 55));
        // with a delay model every open round is weighed by G instead
        assertThat(OpenRounds.at(month, rounds, r -> true, linear(month), dayZeroMature).clicks())
                .isLessThan(14);
    }

    /** One sale per bin of {@code clock}'s window: G(a) linear over it. */
    private static DelayModel linear(RoundClock clock) {
        double[] bins = new double[DelayModel.BINS];
        Arrays.fill(bins, 1);
        return DelayModel.of(clock.attributionMillis(), bins, 1);
    }

    @Test
    void salesFasterThanTheCategorysCountAtLeastAsManyClicks() {
        SortedMap<Long, double[]> rounds = new TreeMap<>();
        double[] round = OpenRounds.withClicks(null, 2);
        round = OpenRounds.withConversion(round, 10 * 60_000L, 30);
        round = OpenRounds.withConversion(round, 20 * 60_000L, 30);
        rounds.put(0L, round);

        OpenValue open = OpenRounds.at(CLOCK, rounds, r -> true, linear(), HOUR - 1);

        assertThat(open.conversions()).isEqualTo(2);
        assertThat(open.clicks()).isEqualTo(2); // not 2 × G(½ h): a rate above 1 is no evidence
    }
}
