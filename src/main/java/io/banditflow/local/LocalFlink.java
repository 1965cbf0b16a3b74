package io.banditflow.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;

/** A local Flink run of the job: the demo's, the studies' and the benchmarks'. */
public final class LocalFlink {
    private LocalFlink() {}

    /**
     * Cancels the job and waits for its end: before the broker stops, or the sources log its
     * absence, and before its checkpoint directory goes.
     */
    public static void cancel(JobClient client) throws Exception {
        client.cancel().get();
        try {
            client.getJobExecutionResult().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException cancelled) {
            // the expected end of a cancelled job
        }
    }

    /**
     * The cluster settings of conf/config.yaml for a local run: no Prometheus port, any REST port,
     * checkpoints in {@code checkpoints} every {@code interval}.
     */
    public static Configuration localFlink(Path checkpoints, Duration interval) {
        Configuration conf = GlobalConfiguration.loadConfiguration("conf");
        conf.removeKey("metrics.reporter.prom.factory.class");
        conf.removeKey("metrics.reporter.prom.port");
        conf.set(RestOptions.PORT, 0);
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        conf.setString("execution.checkpointing.interval", interval.toMillis() + "ms");
        return conf;
    }

    /**
     * Puts conf/config.yaml's Prometheus reporter back on one port, for a local run whose metrics a
     * Prometheus server scrapes (the mini cluster has one metric registry, so one port serves the
     * JobManager's and the TaskManager's metrics).
     */
    public static Configuration withPrometheusReporter(Configuration conf, int port) {
        Configuration cluster = GlobalConfiguration.loadConfiguration("conf");
        String factory = "metrics.reporter.prom.factory.class";
        conf.setString(factory, cluster.getString(factory, null));
        conf.setString("metrics.reporter.prom.port", Integer.toString(port));
        return conf;
    }
}
