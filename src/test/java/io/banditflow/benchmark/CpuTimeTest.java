package io.banditflow.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuTimeTest {
    @Test
    void shouldSumEachTasksSubtasksSinceTheFirstSnapshotAndLeaveOtherThreadsToTheProcess() {
        CpuTime.Snapshot from =
                new CpuTime.Snapshot(
                        1_000,
                        Map.of(
                                1L, new CpuTime.ThreadCpu("Policy -> Decisions (1/2)#0", 100),
                                3L, new CpuTime.ThreadCpu("kafka-producer-network-thread", 5)));
        CpuTime.Snapshot to =
                new CpuTime.Snapshot(
                        9_000,
                        Map.of(
                                1L, new CpuTime.ThreadCpu("Policy -> Decisions (1/2)#0", 400),
                                // started after the first snapshot: all of its time counts
                                2L, new CpuTime.ThreadCpu("Policy -> Decisions (2/2)#0", 250),
                                3L, new CpuTime.ThreadCpu("kafka-producer-network-thread", 900),
                                4L, new CpuTime.ThreadCpu("Drift (product) (1/1)#1", 70)));

        CpuTime.Usage usage = CpuTime.between(from, to);

        assertEquals(8_000, usage.processNanos());
        assertEquals(300 + 250 + 70, usage.taskNanos());
        assertEquals(Map.of("Policy -> Decisions", 550L, "Drift (product)", 70L), usage.byTask());
    }
}
