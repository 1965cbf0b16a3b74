package io.banditflow.core.eval;

import static io.banditflow.testing.TestTime.H;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.guard.Guardrail;
import io.banditflow.core.policy.Decision;
import io.banditflow.core.policy.DecisionMode;
import io.banditflow.core.policy.PropensityMethod;
import io.banditflow.core.round.RoundClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decisions joined with their feedback by round (or by decision id for a request's answer). */
class DecisionLogTest {
    private static final RoundClock CLOCK =
            new RoundClock(Duration.ofHours(1), 2, Duration.ofHours(2), Duration.ZERO);
    private static final double[] GRID = {0.1, 0.2};

    private static Decision decision(String product, long round, int arm, String requestId) {
        String id =
                requestId == null
                        ? "job/" + product + "/" + round
                        : "job/" + product + "/request/" + requestId;
        return new Decision(
                id,
                "job",
                product,
                round,
                round * H,
                (round + 1) * H,
                round * H,
                GRID[arm],
                arm,
                0.25 + 0.5 * arm,
                GRID,
                new double[] {0.75, 0.25},
                "batch-exp3",
                0,
                PropensityMethod.EXACT,
                0,
                DecisionMode.LEARNED,
                "",
                new Guardrail[0],
                0,
                1,
                new double[] {1},
                requestId,
                null);
    }

    @Test
    void shouldRewardEachDecisionWithItsRoundsProfitWithinTheAttributionWindow() {
        List<Decision> decisions =
                List.of(
                        decision("b", 10, 1, null),
                        decision("a", 10, 0, null),
                        decision("a", 11, 1, null),
                        decision("a", 10, 0, null)); // delivered twice: counted once
        List<FeedbackEvent> events =
                List.of(
                        FeedbackEvent.click("c1", "a", 10 * H + 5, 0.3, null),
                        FeedbackEvent.click("c2", "a", 10 * H + 9, 0.2, null),
                        // a sale of a's round-10 click, an hour later: in round 10's profit
                        FeedbackEvent.conversion("v1", "a", 11 * H, 10 * H + 5, 4.0, null),
                        // one more than the 2-hour window after its click: not counted
                        FeedbackEvent.conversion("v2", "a", 12 * H + 10, 10 * H + 9, 9.0, null),
                        FeedbackEvent.click("c3", "b", 10 * H + 1, 0.1, null));
        DecisionLog log = DecisionLog.join(decisions, events, CLOCK, d -> true);

        assertEquals(List.of("a", "b"), log.products());
        List<LoggedFeedback> rows = log.rows();
        assertEquals(3, rows.size());
        // rows in decision id order: a/10, a/11, b/10
        assertEquals(new LoggedFeedback(0, 0, 4.0 - 0.5, 0.25), rows.get(0));
        assertEquals(new LoggedFeedback(1, 0, 0, 0.75), rows.get(1));
        assertEquals(new LoggedFeedback(1, 1, -0.1, 0.75), rows.get(2));
    }

    @Test
    void shouldRewardARequestsAnswerWithTheFeedbackThatEchoesIt() {
        Decision answer = decision("a", 10, 1, "q1");
        List<FeedbackEvent> events =
                List.of(
                        FeedbackEvent.click("c1", "a", 10 * H + 5, 0.3, answer.decisionId()),
                        FeedbackEvent.click("c2", "a", 10 * H + 6, 0.2, "job/a/request/q2"));
        List<LoggedFeedback> rows =
                DecisionLog.join(List.of(answer), events, CLOCK, d -> true).rows();
        assertEquals(-0.3, rows.get(0).reward(), 1e-12);
    }

    @Test
    void shouldRefuseDecisionsOnDifferentGrids() {
        Decision a = decision("a", 10, 0, null);
        Decision other =
                new Decision(
                        "job/b/10",
                        "job",
                        "b",
                        10,
                        0,
                        H,
                        0,
                        0.3,
                        0,
                        1,
                        new double[] {0.3},
                        new double[] {1},
                        "baseline",
                        0,
                        PropensityMethod.EXACT,
                        0,
                        DecisionMode.LEARNED,
                        "",
                        new Guardrail[0],
                        0,
                        0,
                        new double[] {1},
                        null,
                        null);
        assertThrows(
                IllegalArgumentException.class,
                () -> DecisionLog.join(List.of(a, other), List.of(), CLOCK, d -> true));
    }
}
