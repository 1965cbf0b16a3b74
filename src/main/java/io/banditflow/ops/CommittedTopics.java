package io.banditflow.ops;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reading a topic's committed records as a plain Kafka client does: what {@code evaluate} reads
 * from the decision topic, and what the demo's report and the tests read.
 */
public final class CommittedTopics {
    private CommittedTopics() {}

    public static Properties readCommitted(String bootstrapServers) {
        return readCommitted(bootstrapServers, new Properties());
    }

    /** A read_committed consumer's settings on top of the job's client properties. */
    public static Properties readCommitted(String bootstrapServers, Properties client) {
        Properties props = new Properties();
        props.putAll(client);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return props;
    }

    /**
     * Every committed record of a topic, from the beginning up to the end offsets as of the call
     * (the last stable offsets, under read_committed).
     */
    public static List<ConsumerRecord<String, String>> readAll(
            String bootstrapServers, String topic) {
        return readAll(bootstrapServers, topic, new Properties());
    }

    /** {@link #readAll(String, String)} with the job's client properties (security, timeouts). */
    public static List<ConsumerRecord<String, String>> readAll(
            String bootstrapServers, String topic, Properties client) {
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(readCommitted(bootstrapServers, client))) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }
}
