package io.banditflow;

import io.banditflow.job.config.JobConfig;
import io.banditflow.job.config.JobConfigException;
import io.banditflow.job.sink.KafkaJobSinks;
import io.banditflow.job.source.KafkaEventSources;
import io.banditflow.job.topology.BanditflowTopology;
import java.nio.file.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * The job jar's entry point: {@code flink run banditflow.jar --job jobs/<name>.yaml}. The job file
 * is read and validated on the client, before anything is submitted; cluster settings (state
 * backend, checkpoints, restart strategy) come from the cluster's {@code conf/config.yaml}.
 */
public final class BanditflowMain {
    private BanditflowMain() {}

    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        if (!params.has("job")) {
            System.err.println("usage: flink run banditflow.jar --job jobs/<name>.yaml");
            System.exit(2);
        }
        JobConfig config;
        try {
            config = JobConfig.load(Path.of(params.get("job")));
        } catch (JobConfigException e) {
            System.err.println("invalid job file " + params.get("job") + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        boolean checkpointing = env.getCheckpointConfig().isCheckpointingEnabled();
        BanditflowTopology.build(
                env,
                config,
                new KafkaEventSources(config.kafka(), false),
                new KafkaJobSinks(config.kafka(), checkpointing));
        env.execute("banditflow " + config.name());
    }
}
