package io.banditflow.job.operator.policy;

import io.banditflow.core.event.EventType;
import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.event.LateEvent;
import io.banditflow.core.event.LateReason;
import io.banditflow.core.guard.Guards;
import io.banditflow.core.request.PendingRequest;
import io.banditflow.core.round.RoundClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;

/**
 * A product's answered requests whose feedback is not final yet, in keyed state (requests mode).
 * Feedback is joined by decision id with one point read; a round's requests are found through
 * numbered slots rather than by scanning every open request, so closing a round reads only its own.
 * Feedback that arrives before its request (a replay reads the topics unevenly) waits for it. The
 * day's joined click spend, and the part of it on exploring requests, is kept for the exploration
 * cap.
 */
final class RequestLedger {
    private static final long DAY_MILLIS = 86_400_000L;

    private final RoundClock clock;
    private final boolean tallySpend;

    /** Decision id → the answered request and its feedback so far. */
    private final MapState<String, PendingRequest> open;

    /** "round:i" → decision id of the round's i-th answered request. */
    private final MapState<String, String> slots;

    /** Round → how many requests were answered in it. */
    private final MapState<Long, Integer> answered;

    /** Decision id → feedback that arrived before its request. */
    private final MapState<String, List<FeedbackEvent>> waiting;

    /** {UTC day, click spend joined that day, of it on exploring requests}: the exploration cap. */
    private final ValueState<double[]> spendToday;

    /**
     * @param tallySpend whether to keep the day's spend for the exploration cap
     */
    RequestLedger(RuntimeContext runtime, RoundClock clock, boolean tallySpend) {
        this.clock = clock;
        this.tallySpend = tallySpend;
        open = runtime.getMapState(PolicyStateLayout.openRequests());
        slots = runtime.getMapState(PolicyStateLayout.requestSlots());
        answered = runtime.getMapState(PolicyStateLayout.requestsPerRound());
        waiting = runtime.getMapState(PolicyStateLayout.feedbackAwaitingRequest());
        spendToday = runtime.getState(PolicyStateLayout.requestSpendToday());
    }

    /**
     * The share of the click spend joined on {@code day} (UTC days since the epoch) that went to
     * exploring requests; NaN when none was joined that day.
     */
    double exploredShare(long day) throws Exception {
        double[] today = spendToday.value();
        if (today == null || today[0] != day) {
            return Double.NaN;
        }
        return Guards.exploredShare(today[2], today[1]);
    }

    boolean isOpen(String decisionId) throws Exception {
        return open.contains(decisionId);
    }

    /**
     * Opens an answered request, joining the feedback that waited for it.
     *
     * @return the waiting feedback that fell outside the request's window
     */
    List<LateEvent> open(PendingRequest request) throws Exception {
        Integer count = answered.get(request.round);
        int slot = count == null ? 0 : count;
        slots.put(slotKey(request.round, slot), request.decisionId);
        answered.put(request.round, slot + 1);
        List<LateEvent> late = new ArrayList<>();
        List<FeedbackEvent> early = waiting.get(request.decisionId);
        if (early != null) {
            for (FeedbackEvent event : early) {
                LateEvent outside = add(request, event);
                if (outside != null) {
                    late.add(outside);
                }
            }
            waiting.remove(request.decisionId);
        }
        open.put(request.decisionId, request);
        return late;
    }

    /**
     * What became of feedback: joined to its request, kept until its request arrives (expire it at
     * {@code waitUntil} with {@link #expireWaiting}), or late because it fell outside its request's
     * window.
     */
    record Join(LateEvent late, boolean waiting, long waitUntil) {}

    /** Joins feedback to its open request, or keeps it until its request arrives. */
    Join join(FeedbackEvent event) throws Exception {
        PendingRequest request = open.get(event.decisionId());
        if (request == null) {
            List<FeedbackEvent> early = waiting.get(event.decisionId());
            List<FeedbackEvent> grown = early == null ? new ArrayList<>() : early;
            grown.add(event);
            waiting.put(event.decisionId(), grown);
            return new Join(null, true, waitingFinalTime(event));
        }
        LateEvent outside = add(request, event);
        if (outside == null) {
            open.put(event.decisionId(), request);
        }
        return new Join(outside, false, 0);
    }

    /** The event time after which feedback waiting for a request will not be claimed. */
    private long waitingFinalTime(FeedbackEvent event) {
        return clock.roundFinalTime(clock.roundOf(event.attributionTime()));
    }

    private LateEvent add(PendingRequest request, FeedbackEvent event) throws Exception {
        if (event.attributionTime() > clock.roundFinalTime(request.round)) {
            return new LateEvent(LateReason.AFTER_REQUEST_FINAL, event);
        }
        request.add(event);
        if (tallySpend && event.type() == EventType.CLICK) {
            addSpend(Math.floorDiv(event.eventTime(), DAY_MILLIS), event.cost(), request.exploring);
        }
        return null;
    }

    /** Adds a click's cost to its day's tally; a click of a day already past no longer counts. */
    private void addSpend(long day, double cost, boolean exploring) throws Exception {
        double[] today = spendToday.value();
        if (today == null || today[0] < day) {
            today = new double[] {day, 0, 0};
        } else if (today[0] > day) {
            return;
        }
        today[1] += cost;
        if (exploring) {
            today[2] += cost;
        }
        spendToday.update(today);
    }

    /** Removes and returns the requests answered in {@code round}, in the order answered. */
    List<PendingRequest> close(long round) throws Exception {
        Integer count = answered.get(round);
        List<PendingRequest> closed = new ArrayList<>();
        if (count == null) {
            return closed;
        }
        for (int i = 0; i < count; i++) {
            String key = slotKey(round, i);
            String decisionId = slots.get(key);
            PendingRequest request = open.get(decisionId);
            if (request != null) {
                closed.add(request);
                open.remove(decisionId);
            }
            slots.remove(key);
        }
        answered.remove(round);
        return closed;
    }

    /**
     * Removes the waiting feedback whose own round is final at {@code time}: a request that could
     * still claim it would have to be answered in or before that round, and would be final too.
     */
    List<LateEvent> expireWaiting(long time) throws Exception {
        List<LateEvent> expired = new ArrayList<>();
        List<String> emptied = new ArrayList<>();
        List<Map.Entry<String, List<FeedbackEvent>>> kept = new ArrayList<>();
        for (Map.Entry<String, List<FeedbackEvent>> entry : waiting.entries()) {
            List<FeedbackEvent> still = new ArrayList<>();
            for (FeedbackEvent event : entry.getValue()) {
                if (waitingFinalTime(event) <= time) {
                    expired.add(new LateEvent(LateReason.NO_OPEN_REQUEST, event));
                } else {
                    still.add(event);
                }
            }
            if (still.isEmpty()) {
                emptied.add(entry.getKey());
            } else if (still.size() < entry.getValue().size()) {
                kept.add(Map.entry(entry.getKey(), still));
            }
        }
        for (String id : emptied) {
            waiting.remove(id);
        }
        for (Map.Entry<String, List<FeedbackEvent>> entry : kept) {
            waiting.put(entry.getKey(), entry.getValue());
        }
        return expired;
    }

    private static String slotKey(long round, int slot) {
        return round + ":" + slot;
    }
}
