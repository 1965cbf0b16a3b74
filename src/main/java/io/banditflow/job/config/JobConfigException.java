package io.banditflow.job.config;

/** A job file that cannot run; the message names the offending key. */
public class JobConfigException extends RuntimeException {
    public JobConfigException(String message) {
        super(message);
    }

    public JobConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
