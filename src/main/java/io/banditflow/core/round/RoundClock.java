package io.banditflow.core.round;

import java.time.Duration;

/**
 * Event-time arithmetic of rounds and batches.
 *
 * <p>A round is a fixed interval, aligned to the epoch (UTC), during which a product's bid is
 * constant. A batch is {@code roundsPerBatch} consecutive rounds. The feedback of a batch is final
 * once its last round has ended and the attribution window has passed; only then may the learner
 * use it whole. Before that a batch is mature once its last round is {@code maturity} old (at most
 * the window): most of its sales have come, and a learner that learns from what has arrived ({@link
 * io.banditflow.core.policy.Learner#learnsWhenMature}) takes it as evidence then (docs/learners.md,
 * "Attribution windows longer than two days"). Round lengths must divide a day, so that every round
 * falls in one period of the day.
 */
public final class RoundClock implements java.io.Serializable {
    private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

    private final long roundMillis;
    private final int roundsPerBatch;
    private final long attributionMillis;
    private final long decisionLeadMillis;
    private final long maturityMillis;

    /** Without a maturity before the window's end: a batch is mature when it is final. */
    public RoundClock(
            Duration round, int roundsPerBatch, Duration attributionWindow, Duration decisionLead) {
        this(round, roundsPerBatch, attributionWindow, decisionLead, attributionWindow);
    }

    /**
     * @param maturity how old a batch's last round is when the batch is mature; capped at the
     *     attribution window
     */
    public RoundClock(
            Duration round,
            int roundsPerBatch,
            Duration attributionWindow,
            Duration decisionLead,
            Duration maturity) {
        this.roundMillis = round.toMillis();
        this.roundsPerBatch = roundsPerBatch;
        this.attributionMillis = attributionWindow.toMillis();
        this.decisionLeadMillis = decisionLead.toMillis();
        this.maturityMillis = Math.min(maturity.toMillis(), attributionMillis);
        if (roundMillis <= 0 || DAY_MILLIS % roundMillis != 0) {
            throw new IllegalArgumentException("round length must divide a day, got " + round);
        }
        if (roundsPerBatch < 1) {
            throw new IllegalArgumentException("roundsPerBatch must be >= 1");
        }
        if (attributionMillis < 0 || decisionLeadMillis < 0 || maturityMillis < 0) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    public long roundMillis() {
        return roundMillis;
    }

    public int roundsPerBatch() {
        return roundsPerBatch;
    }

    public long attributionMillis() {
        return attributionMillis;
    }

    /** How old a batch's last round is when the batch is mature (at most the window). */
    public long maturityMillis() {
        return maturityMillis;
    }

    /** Whether batches mature before they are final: a maturity shorter than the window. */
    public boolean maturesBeforeFinal() {
        return maturityMillis < attributionMillis;
    }

    public int periodsPerDay() {
        return (int) (DAY_MILLIS / roundMillis);
    }

    public long roundOf(long eventTime) {
        return Math.floorDiv(eventTime, roundMillis);
    }

    public long roundStart(long round) {
        return round * roundMillis;
    }

    public long roundEnd(long round) {
        return roundStart(round + 1);
    }

    /** Period of the day (0 = the round starting at midnight UTC) that a round falls in. */
    public int periodOfDay(long round) {
        return periodOfDayAt(roundStart(round), roundMillis);
    }

    /**
     * The period of the day of the round of length {@code roundMillis} that starts at {@code
     * roundStart}: how many such rounds of its day (UTC) came before it; 0 for a length that is no
     * part of a day.
     */
    public static int periodOfDayAt(long roundStart, long roundMillis) {
        if (roundMillis <= 0 || roundMillis > DAY_MILLIS) {
            return 0;
        }
        return (int) (Math.floorMod(roundStart, DAY_MILLIS) / roundMillis);
    }

    public long batchOf(long round) {
        return Math.floorDiv(round, roundsPerBatch);
    }

    public long firstRoundOfBatch(long batch) {
        return batch * roundsPerBatch;
    }

    /**
     * The event time at which all feedback of a batch is final: the last moment a conversion
     * attributed to the batch's last round may still arrive. This is also the cleanup time of that
     * round's window (window max timestamp plus allowed lateness), so the window has fired by then.
     */
    public long batchFinalTime(long batch) {
        return roundFinalTime(firstRoundOfBatch(batch + 1) - 1);
    }

    /** The event time at which a round's window is final: its max timestamp plus the lateness. */
    public long roundFinalTime(long round) {
        return roundEnd(round) - 1 + attributionMillis;
    }

    /** Returns the round whose final time is {@code time}, or null if no round's is. */
    public Long roundFinalAt(long time) {
        long round = roundOf(time + 1 - attributionMillis) - 1;
        return roundFinalTime(round) == time ? round : null;
    }

    /** Returns the batch whose final time is {@code time}, or -1 if no batch ends then. */
    public long batchFinalAt(long time) {
        long lastRound = roundOf(time + 1 - attributionMillis) - 1;
        if (roundFinalTime(lastRound) != time
                || Math.floorMod(lastRound + 1, roundsPerBatch) != 0) {
            return -1;
        }
        return batchOf(lastRound);
    }

    /**
     * The event time at which every round of a batch has ended: its last round's max timestamp.
     * Impressions, clicks and cost of its rounds are complete then (the round windows fire at it);
     * only conversions are still to come.
     */
    public long batchEndedTime(long batch) {
        return roundEnd(firstRoundOfBatch(batch + 1) - 1) - 1;
    }

    /** Returns the batch whose rounds have all ended at {@code time}, or -1 if none's have. */
    public long batchEndedAt(long time) {
        long lastRound = roundOf(time + 1) - 1;
        if (roundEnd(lastRound) - 1 != time || Math.floorMod(lastRound + 1, roundsPerBatch) != 0) {
            return -1;
        }
        return batchOf(lastRound);
    }

    /**
     * The event time at which a batch is mature: its last round's max timestamp plus the maturity;
     * its final time when the maturity is the window.
     */
    public long batchMatureTime(long batch) {
        return batchEndedTime(batch) + maturityMillis;
    }

    /**
     * Returns the batch that matures at {@code time}, or -1 if none does, or if batches mature only
     * when final ({@link #maturesBeforeFinal}).
     */
    public long batchMatureAt(long time) {
        return maturesBeforeFinal() ? batchEndedAt(time - maturityMillis) : -1;
    }

    /**
     * The latest batch mature by {@code time} (final, when batches mature only when final): the
     * batch the value pools are discounted to then.
     */
    public long latestBatchMatureAt(long time) {
        return batchOf(roundOf(time + 1 - maturityMillis)) - 1;
    }

    /**
     * The first round of the day of the first round not ended at {@code time}: the end (exclusive)
     * of the whole days whose rounds had all ended by then, as {@link
     * io.banditflow.core.reward.TrafficProfile#shares} takes it. At a batch's ended time ({@link
     * #batchEndedTime}) of daily batches, the next day's first round.
     */
    public long dayOfFirstRoundNotEndedAt(long time) {
        return firstRoundOfDayOf(roundOf(time + 1));
    }

    /**
     * The first round of the day of the earliest round not final at {@code time}: every round
     * before it is final then, so its global traffic is known (traffic totals are broadcast when a
     * round is final).
     */
    public long dayOfFirstRoundNotFinalAt(long time) {
        return firstRoundOfDayOf(roundOf(time + 1 - attributionMillis));
    }

    /** The first round of the UTC day {@code round} is in. */
    private long firstRoundOfDayOf(long round) {
        return Math.floorDiv(round, (long) periodsPerDay()) * periodsPerDay();
    }

    /** Event time at which the decision for a round is made: the round's start minus the lead. */
    public long decisionTime(long round) {
        return roundStart(round) - decisionLeadMillis;
    }

    /**
     * The first round whose decision is made after {@code eventTime}. A product first seen at that
     * time gets its first decision for this round; because the decision time lies after the event,
     * every non-late event is seen before the decision is made, whatever the arrival order.
     */
    public long firstDecisionRoundAfter(long eventTime) {
        return roundOf(eventTime + decisionLeadMillis) + 1;
    }
}
