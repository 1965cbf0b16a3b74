package io.banditflow.job.operator.policy;

import io.banditflow.core.policy.Decision;
import io.banditflow.core.policy.DecisionSlot;
import io.banditflow.core.round.RoundClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;

/**
 * A product's decisions already on the decision topic after a rollback ({@code logged-decisions},
 * written by {@code state rollback}): when the product reaches such a slot again the logged
 * decision is taken instead of deciding (docs/architecture.md, "Rollback replays what was logged").
 * Outside a replay — no {@code logged-until} time, or a slot decided after it — nothing is read
 * from state.
 */
final class RollbackReplay {
    private final String job;
    private final RoundClock clock;
    private final MapState<String, Decision> logged;

    RollbackReplay(String job, RoundClock clock, MapState<String, Decision> logged) {
        this.job = job;
        this.clock = clock;
        this.logged = logged;
    }

    /**
     * The logged decision of this slot, taken out of the product's logged decisions; null when
     * there is none.
     *
     * @param loggedUntil the newest logged decision's time, or null outside a replay
     */
    Decision take(DecisionSlot slot, Long loggedUntil) throws Exception {
        if (loggedUntil == null || slot.decidedAt() > loggedUntil) {
            return null;
        }
        String id = slot.decisionId(job);
        Decision decision = logged.get(id);
        if (decision != null) {
            logged.remove(id);
        }
        return decision;
    }

    /**
     * Drops the logged decisions of rounds before {@code round} that the product did not reach
     * again (it was inactive then), once the replay has passed them.
     *
     * @return how many were dropped
     */
    int dropBefore(long round, Long loggedUntil) throws Exception {
        if (loggedUntil == null || clock.decisionTime(round - 1) > loggedUntil) {
            return 0;
        }
        List<String> passed = new ArrayList<>();
        for (Map.Entry<String, Decision> entry : logged.entries()) {
            if (entry.getValue().round() < round) {
                passed.add(entry.getKey());
            }
        }
        for (String id : passed) {
            logged.remove(id);
        }
        return passed.size();
    }
}
