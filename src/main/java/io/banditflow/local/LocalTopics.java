package io.banditflow.local;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writing and following topics on a local broker: the demo, studies and benchmarks. */
public final class LocalTopics {
    private LocalTopics() {}

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
}
