package io.banditflow.core.eval;

import io.banditflow.core.event.EventType;
import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.policy.Decision;
import io.banditflow.core.reward.RoundTally;
import io.banditflow.core.round.RoundClock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Logged decisions joined with the feedback that answered them, as rows an off-policy estimator
 * reads: the arm played, its logged propensity, and the reward — the profit (conversion value minus
 * click cost) of the decision's round for a round decision, of the feedback echoing its decision id
 * for a request's answer. Conversions count in their click's round, and only within the attribution
 * window, as the job counts them. A row's slot is its product, which the direct method's reward
 * model conditions on.
 */
public final class DecisionLog {
    private final List<Decision> decisions;
    private final List<LoggedFeedback> rows;
    private final List<String> products;
    private final double[] bids;

    private DecisionLog(
            List<Decision> decisions,
            List<LoggedFeedback> rows,
            List<String> products,
            double[] bids) {
        this.decisions = decisions;
        this.rows = rows;
        this.products = products;
        this.bids = bids;
    }

    /**
     * Joins the decisions that placed a bid and that {@code included} keeps (each decision id once:
     * the first, as a consumer deduplicates) with the feedback events.
     *
     * @throws IllegalArgumentException when the decisions were made on different bid grids
     */
    public static DecisionLog join(
            List<Decision> logged,
            List<FeedbackEvent> events,
            RoundClock clock,
            Predicate<Decision> included) {
        Map<String, Decision> byId = new TreeMap<>();
        for (Decision d : logged) {
            if (d.arm() >= 0 && included.test(d)) {
                byId.putIfAbsent(d.decisionId(), d);
            }
        }
        Map<String, RoundTally> byRound = new HashMap<>();
        Map<String, RoundTally> byDecision = new HashMap<>();
        for (FeedbackEvent e : events) {
            if (e.type() == EventType.CONVERSION
                    && e.eventTime() - e.attributionTime() > clock.attributionMillis()) {
                continue;
            }
            byRound.computeIfAbsent(
                            roundKey(e.productId(), clock.roundOf(e.attributionTime())),
                            k -> new RoundTally())
                    .add(e);
            if (e.decisionId() != null) {
                byDecision.computeIfAbsent(e.decisionId(), k -> new RoundTally()).add(e);
            }
        }
        List<Decision> decisions = new ArrayList<>(byId.values());
        Map<String, Integer> productIndex = new TreeMap<>();
        decisions.forEach(d -> productIndex.putIfAbsent(d.productId(), 0));
        List<String> products = new ArrayList<>(productIndex.keySet());
        for (int i = 0; i < products.size(); i++) {
            productIndex.put(products.get(i), i);
        }
        double[] bids = decisions.isEmpty() ? new double[0] : decisions.get(0).bids();
        List<LoggedFeedback> rows = new ArrayList<>();
        for (Decision d : decisions) {
            if (!Arrays.equals(bids, d.bids())) {
                throw new IllegalArgumentException(
                        "decisions on different bid grids: "
                                + Arrays.toString(bids)
                                + " and "
                                + Arrays.toString(d.bids())
                                + " ("
                                + d.decisionId()
                                + ")");
            }
            RoundTally tally =
                    d.requestId() != null
                            ? byDecision.get(d.decisionId())
                            : byRound.get(roundKey(d.productId(), d.round()));
            double reward = tally == null ? 0 : tally.conversionValue - tally.cost;
            rows.add(
                    new LoggedFeedback(
                            d.arm(), productIndex.get(d.productId()), reward, d.propensity()));
        }
        return new DecisionLog(decisions, rows, products, bids);
    }

    private static String roundKey(String productId, long round) {
        return productId + "/" + round;
    }

    /** The rows of the decisions {@code kept} keeps, with the products' slots unchanged. */
    public DecisionLog restrictedTo(Predicate<Decision> kept) {
        List<Decision> keptDecisions = new ArrayList<>();
        List<LoggedFeedback> keptRows = new ArrayList<>();
        for (int i = 0; i < decisions.size(); i++) {
            if (kept.test(decisions.get(i))) {
                keptDecisions.add(decisions.get(i));
                keptRows.add(rows.get(i));
            }
        }
        return new DecisionLog(keptDecisions, keptRows, products, bids);
    }

    /** One row per decision, in {@link #decisions()} order. */
    public List<LoggedFeedback> rows() {
        return rows;
    }

    public List<Decision> decisions() {
        return decisions;
    }

    /** The products, in the order of the rows' slots. */
    public List<String> products() {
        return products;
    }

    public double[] bids() {
        return bids;
    }
}
