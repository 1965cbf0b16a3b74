package io.banditflow.harness;

import io.banditflow.core.policy.LearnerSettings;
import io.banditflow.job.config.JobConfig;

/** Job files for a study: the same job with another learner. */
public final class JobFiles {
    private JobFiles() {}

    /**
     * The job file with its learner replaced by {@code algorithm} at its declared defaults, keeping
     * the file's learner seed and baseline bid.
     */
    public static JobConfig withAlgorithm(String jobFile, String algorithm) {
        JobConfig own = JobConfig.parse(jobFile);
        return own.withLearner(LearnerSettings.defaults(algorithm, own.learner().seed()));
    }
}
