package io.banditflow.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Reading a topic as a plain Kafka client does, for the demo's report and the tests. */
public final class KafkaTopics {
    private KafkaTopics() {}

    /**
     * A producer's settings that keep each partition in order and every write acknowledged, without
     * the idempotent producer's sequence numbers, which the embedded broker occasionally rejected
     * on a freshly created topic (OutOfOrderSequenceException).
     */
    public static Properties orderedProducer(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return props;
    }

    /**
     * Hands every record value of {@code topic} to {@code onValue} the moment it is written,
     * committed or not, from the start, until the calling thread is interrupted: what a benchmark
     * reads to time the job's output, not its transactions' commits.
     */
    public static void follow(
            String bootstrapServers,
            String group,
            String topic,
            Duration pollTimeout,
            java.util.function.Consumer<String> onValue) {
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers,
                                ConsumerConfig.GROUP_ID_CONFIG,
                                group,
                                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                                "earliest",
                                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                                "read_uncommitted"),
                        new StringDeserializer(),
                        new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<String, String> record : consumer.poll(pollTimeout)) {
                    onValue.accept(record.value());
                }
            }
        }
    }

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
