package io.banditflow.study;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.harness.JobFiles;
import io.banditflow.job.config.JobConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * New products started from their category's pooled evidence earn more in their first week than the
 * same products started from scratch, on a seeded market whose categories are informative.
 */
class ColdStartStudyTest {
    @ParameterizedTest
    @ValueSource(strings = {"linucb", "epsilon-greedy"})
    void shouldEarnMoreInTheFirstWeekFromTheCategorysPool(String algorithm) throws IOException {
        String jobFile = Files.readString(Path.of("jobs/demo.yaml"));
        JobConfig config =
                JobFiles.withAlgorithm(jobFile, algorithm)
                        .withColdStart(new JobConfig.ColdStart(true, Duration.ofDays(14), 48));
        ColdStartStudy.FirstWeek week = ColdStartStudy.firstWeek(config, 24, 8, 10, 7);
        assertTrue(
                week.pooled() > week.scratch() + 0.2 * Math.abs(week.scratch()),
                "pooled " + week.pooled() + " vs scratch " + week.scratch());
        assertTrue(week.pooled() < week.references().bestFixed(), "not above the hindsight best");
    }
}
