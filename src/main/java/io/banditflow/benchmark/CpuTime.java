package io.banditflow.benchmark;

import java.lang.management.ManagementFactory;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The CPU time a run used, as the JVM accounts it: the whole process's (every thread, the JVM's own
 * and RocksDB's native ones included) and each Flink task thread's. Unlike wall-clock and Flink's
 * busy time it leaves out the time a thread waited for a core, so two runs compare by the work they
 * did even when the machine's other load changes between them: on this project's 2-core machines
 * the same core-alone run took 4.6–14.8 s within minutes (docs/benchmarks.md).
 */
final class CpuTime {
    /**
     * A Flink task thread's name ends in its subtask and attempt, e.g. "Policy (value-landscape) ->
     * Decisions to … (1/1)#0".
     */
    private static final Pattern SUBTASK = Pattern.compile(" \\(\\d+/\\d+\\)#\\d+$");

    private static final int NAME_WIDTH = 70;

    /** The process's CPU time and each live thread's, by thread id, at one moment. */
    record Snapshot(long processNanos, Map<Long, ThreadCpu> threads) {}

    /** A thread's name and the CPU time it has used since it started. */
    record ThreadCpu(String name, long nanos) {}

    private CpuTime() {}

    /** The CPU time used so far by the process and by each of its live threads. */
    static Snapshot take() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ids = threads.getAllThreadIds();
        long[] nanos = threads.getThreadCpuTime(ids);
        Map<Long, ThreadCpu> byId = new HashMap<>();
        java.lang.management.ThreadInfo[] infos = threads.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            java.lang.management.ThreadInfo info = infos[i];
            if (info != null && nanos[i] >= 0) {
                byId.put(ids[i], new ThreadCpu(info.getThreadName(), nanos[i]));
            }
        }
        return new Snapshot(processNanos(), byId);
    }

    /**
     * What the process and each Flink task used between two snapshots: a task thread that started
     * after {@code from} counts from zero; subtasks of one task are summed.
     */
    static Usage between(Snapshot from, Snapshot to) {
        Map<String, Long> tasks = new TreeMap<>();
        long taskNanos = 0;
        for (Map.Entry<Long, ThreadCpu> thread : to.threads().entrySet()) {
            java.util.regex.Matcher subtask = SUBTASK.matcher(thread.getValue().name());
            if (!subtask.find()) {
                continue;
            }
            ThreadCpu before = from.threads().get(thread.getKey());
            long used = thread.getValue().nanos() - (before == null ? 0 : before.nanos());
            tasks.merge(subtask.replaceFirst(""), used, Long::sum);
            taskNanos += used;
        }
        return new Usage(to.processNanos() - from.processNanos(), taskNanos, tasks);
    }

    /** CPU time used over an interval: by the process, by all task threads, by each task. */
    record Usage(long processNanos, long taskNanos, Map<String, Long> byTask) {
        void print(double wallSeconds) {
            System.out.printf(
                    "CPU time from submission to the last decision (time waiting for a core not"
                            + " counted): process %.1f s (%.2f cores over %.1f s), task threads"
                            + " %.1f s:%n",
                    processNanos / 1e9,
                    processNanos / 1e9 / wallSeconds,
                    wallSeconds,
                    taskNanos / 1e9);
            long shown = 0;
            int hidden = 0;
            for (Map.Entry<String, Long> task :
                    byTask.entrySet().stream()
                            .sorted(
                                    Map.Entry.<String, Long>comparingByValue(
                                            Comparator.reverseOrder()))
                            .toList()) {
                if (task.getValue() < taskNanos / 100) {
                    hidden++;
                    continue;
                }
                shown += task.getValue();
                System.out.printf(
                        "  %6.1f s  %s%n", task.getValue() / 1e9, shortened(task.getKey()));
            }
            if (hidden > 0) {
                System.out.printf(
                        "  %6.1f s  %d more threads, each under 1%% (timers, output flushers)%n",
                        (taskNanos - shown) / 1e9, hidden);
            }
        }
    }

    /** A task or thread name cut to one table column's width. */
    static String shortened(String name) {
        return name.length() > NAME_WIDTH ? name.substring(0, NAME_WIDTH) + "…" : name;
    }

    private static long processNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
