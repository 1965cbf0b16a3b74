package io.banditflow.harness;

import io.banditflow.job.config.JobConfig;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Job files rewritten for a study: the same job with another learner. */
public final class JobFiles {
    private static final Pattern LEARNER_SECTION =
            Pattern.compile("(?m)^learner:\\n(?:(?:[ ]+.*|[ ]*)\\n)*");

    private JobFiles() {}

    /**
     * The job file with its learner section replaced by {@code algorithm} at its default
     * parameters, keeping the file's learner seed.
     */
    public static JobConfig withAlgorithm(String jobFile, String algorithm) {
        JobConfig own = JobConfig.parse(jobFile);
        Matcher section = LEARNER_SECTION.matcher(jobFile);
        if (!section.find()) {
            throw new IllegalArgumentException("the job file has no learner section");
        }
        return JobConfig.parse(
                section.replaceFirst(
                        "learner:\n  algorithm: "
                                + algorithm
                                + "\n  seed: "
                                + own.learner().seed()
                                + "\n"));
    }
}
