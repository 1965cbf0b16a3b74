package io.banditflow.testing;

/**
 * The tests' shared times, in epoch milliseconds: one minute, hour and day, and the start of the
 * hour-long round every small-job test begins at (round {@link #R0}, 2024-10-04 00:00 UTC: day
 * 20,000). Import statically.
 */
public final class TestTime {
    public static final long M = 60_000L;
    public static final long H = 60 * M;
    public static final long D = 24 * H;

    /** The first round of the small job's tests ({@code TestingJobs.SMALL_JOB}: rounds of 1 h). */
    public static final long R0 = 480_000;

    /** The start of {@link #R0}. */
    public static final long T0 = R0 * H;

    private TestTime() {}
}
