package io.banditflow.core.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.banditflow.core.event.ControlAction;
import io.banditflow.core.event.ControlCommand;
import java.util.List;
import org.junit.jupiter.api.Test;

class KillSwitchTest {
    private static ControlCommand at(String id, String scope, ControlAction action, long time) {
        return new ControlCommand(id, scope, action, "r", "sre", time);
    }

    private final List<ControlCommand> commands =
            List.of(
                    at("k1", "*", ControlAction.FORCE_BASELINE, 10),
                    at("k2", "p", ControlAction.STOP_BIDDING, 20),
                    at("k3", "p", ControlAction.RELEASE, 30),
                    at("k4", "*", ControlAction.RELEASE, 40),
                    at("k5", "q", ControlAction.STOP_BIDDING, 40),
                    at("k6", "q", ControlAction.RELEASE, 40));

    @Test
    void shouldBindTheMoreSevereOfTheProductsAndTheAllProductsCommand() {
        assertNull(KillSwitch.binding(commands, "p", 9));
        assertEquals("k1", KillSwitch.binding(commands, "p", 10).commandId());
        assertEquals("k2", KillSwitch.binding(commands, "p", 25).commandId());
        // the product's release leaves the all-products command in force
        assertEquals("k1", KillSwitch.binding(commands, "p", 35).commandId());
        assertNull(KillSwitch.binding(commands, "p", 40));
        assertEquals("k1", KillSwitch.binding(commands, "other", 39).commandId());
        // same time, same scope: the larger id is the later command
        assertNull(KillSwitch.binding(commands, "q", 40));
    }

    @Test
    void shouldForgetOnlyCommandsReplacedInTheirScope() {
        assertEquals(List.of(), KillSwitch.superseded(commands, 15));
        assertEquals(List.of("k2"), KillSwitch.superseded(commands, 30));
        assertEquals(List.of("k1", "k2", "k5"), KillSwitch.superseded(commands, 40));
    }
}
