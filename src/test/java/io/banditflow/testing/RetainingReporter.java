package io.banditflow.testing;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * A metric reporter for MiniCluster tests that keeps every metric it was given, also after the job
 * that registered it has finished, so a test can read a bounded job's counters when it is done. The
 * MiniCluster runs in the test's JVM, so metrics go to a static map under their identifier.
 */
public final class RetainingReporter implements MetricReporter {
    private static final Map<String, Metric> METRICS = new ConcurrentHashMap<>();

    /** Adds this reporter to a cluster configuration. */
    public static Configuration addTo(Configuration configuration) {
        configuration.setString(
                "metrics.reporter.retaining.factory.class", Factory.class.getName());
        return configuration;
    }

    /** Forgets every metric kept so far (jobs of earlier test classes). */
    public static void clear() {
        METRICS.clear();
    }

    /** Metrics whose identifier contains every part. */
    public static List<Metric> find(String... parts) {
        return METRICS.entrySet().stream()
                .filter(e -> java.util.Arrays.stream(parts).allMatch(e.getKey()::contains))
                .map(Map.Entry::getValue)
                .toList();
    }

    /** The sum of the counters whose identifier contains every part. */
    public static long count(String... parts) {
        return find(parts).stream()
                .filter(m -> m instanceof Counter)
                .mapToLong(m -> ((Counter) m).getCount())
                .sum();
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        METRICS.put(group.getMetricIdentifier(name), metric);
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {}

    /** Instantiated by Flink from the configuration. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new RetainingReporter();
        }
    }
}
