package io.banditflow.job.config;

/**
 * The rules of a job file that span sections: a feature's topic is given exactly when the feature
 * is on, and the features that decide per round are not combined with requests mode.
 */
final class JobFileRules {
    private JobFileRules() {}

    static void check(JobConfig config) {
        topics(config);
        roundsOnly(config);
        if (config.pacing().enabled() && Double.isInfinite(config.guardrails().dailySpendCap())) {
            throw new JobConfigException(
                    "pacing: paces to guardrails.dailySpendCap, which is not set");
        }
        if (config.coldStart().byCategory() && config.kafka().catalogTopic() == null) {
            throw new JobConfigException(
                    "coldStart.pooling: category needs kafka.topics.catalog (categories come from"
                            + " the catalog)");
        }
        try {
            config.guards().boundedArms("");
            for (String product : config.guardrails().productBidBounds().keySet()) {
                config.guards().boundedArms(product);
            }
        } catch (IllegalArgumentException e) {
            throw new JobConfigException("guardrails: " + e.getMessage(), e);
        }
    }

    private static void topics(JobConfig config) {
        boolean requests = config.requests().enabled();
        boolean shadows = !config.shadows().isEmpty();
        if (requests && config.kafka().requestsTopic() == null) {
            throw new JobConfigException(
                    "kafka.topics.requests: required key is missing (the job has a requests"
                            + " section)");
        }
        if (!requests && config.kafka().requestsTopic() != null) {
            throw new JobConfigException(
                    "kafka.topics.requests: only read in requests mode (add a requests section)");
        }
        if (shadows && config.kafka().shadowTopic() == null) {
            throw new JobConfigException(
                    "kafka.topics.shadow: required key is missing (the job has shadows)");
        }
        if (!shadows && config.kafka().shadowTopic() != null) {
            throw new JobConfigException(
                    "kafka.topics.shadow: only written with shadows (add a shadows section)");
        }
    }

    private static void roundsOnly(JobConfig config) {
        if (!config.requests().enabled()) {
            return;
        }
        if (config.pacing().enabled()) {
            throw new JobConfigException(
                    "pacing: paces round decisions; requests mode answers per request");
        }
        if (!config.shadows().isEmpty()) {
            throw new JobConfigException(
                    "shadows: shadow policies decide per round; requests mode answers per request");
        }
        if (config.coldStart().byCategory()) {
            throw new JobConfigException(
                    "coldStart.pooling: category pools one bid per round; requests mode bids per"
                            + " request");
        }
        if (config.policy().learns() && !config.policy().learner().learnsFromRewards()) {
            throw new JobConfigException(
                    "learner.algorithm: "
                            + config.learner().algorithm()
                            + " learns from whole rounds; requests mode answers per request: name a"
                            + " learner that learns from each answer's reward (linucb,"
                            + " linear-thompson, batch-exp3, …; docs/learners.md)");
        }
    }
}
