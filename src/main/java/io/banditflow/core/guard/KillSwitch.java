package io.banditflow.core.guard;

import io.banditflow.core.event.ControlAction;
import io.banditflow.core.event.ControlCommand;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which kill-switch command binds a product at an event time, from all the commands received. Each
 * scope (a product, or all products) is in the state of its latest command in force; a product
 * obeys the more severe of its own scope's and the all-products scope's (STOP_BIDDING over
 * FORCE_BASELINE), so releasing a product does not lift a stop for all.
 */
public final class KillSwitch {
    private KillSwitch() {}

    /**
     * @return the binding command, or null when none binds (no command, or a RELEASE in force)
     */
    public static ControlCommand binding(
            Iterable<ControlCommand> commands, String productId, long time) {
        ControlCommand own = null;
        ControlCommand all = null;
        for (ControlCommand c : commands) {
            if (c.eventTime() > time || !c.appliesTo(productId)) {
                continue;
            }
            if (c.scope().equals(ControlCommand.ALL_PRODUCTS)) {
                all = later(all, c);
            } else {
                own = later(own, c);
            }
        }
        ControlCommand binding = own;
        if (all != null && (own == null || all.action().severity() > own.action().severity())) {
            binding = all;
        }
        return binding == null || binding.action() == ControlAction.RELEASE ? null : binding;
    }

    /** Ids of the commands replaced, in their scope, by a later one already in force at time. */
    public static List<String> superseded(Iterable<ControlCommand> commands, long time) {
        Map<String, ControlCommand> inForce = new HashMap<>();
        for (ControlCommand c : commands) {
            if (c.eventTime() <= time) {
                inForce.merge(c.scope(), c, KillSwitch::later);
            }
        }
        List<String> superseded = new ArrayList<>();
        for (ControlCommand c : commands) {
            ControlCommand current = inForce.get(c.scope());
            if (current != null && later(current, c) != c) {
                superseded.add(c.commandId());
            }
        }
        return superseded;
    }

    /** The later of two commands of one scope; equal times are ordered by command id. */
    private static ControlCommand later(ControlCommand a, ControlCommand b) {
        if (a == null) {
            return b;
        }
        int order = Long.compare(a.eventTime(), b.eventTime());
        return order > 0 || (order == 0 && a.commandId().compareTo(b.commandId()) > 0) ? a : b;
    }
}
