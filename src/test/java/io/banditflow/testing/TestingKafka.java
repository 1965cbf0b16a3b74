package io.banditflow.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.banditflow.local.LocalTopics;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writing test input to the embedded broker: in order, and every write acknowledged. */
public final class TestingKafka {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestingKafka() {}

    /**
     * A record keyed by its JSON's {@code productId}, as the compacted topics (decisions, catalog)
     * need: a broker refuses an unkeyed record on a compacted topic.
     */
    public static ProducerRecord<String, String> keyedByProduct(String topic, String json) {
        try {
            return new ProducerRecord<>(
                    topic, JSON.readTree(json).path("productId").asText(), json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A producer that keeps order and whose every write is acknowledged. */
    public static KafkaProducer<String, String> producer(String bootstrapServers) {
        return producer(bootstrapServers, new java.util.Properties());
    }

    /** {@link #producer(String)} with a client's settings (security) on top. */
    public static KafkaProducer<String, String> producer(
            String bootstrapServers, java.util.Properties client) {
        java.util.Properties props = LocalTopics.orderedProducer(bootstrapServers);
        props.putAll(client);
        return new KafkaProducer<>(props);
    }

    /** Sends all records and waits for every acknowledgement: a failed write fails the test. */
    public static void sendAll(
            KafkaProducer<String, String> producer, List<ProducerRecord<String, String>> records)
            throws Exception {
        List<Future<?>> acks = new ArrayList<>();
        for (ProducerRecord<String, String> record : records) {
            acks.add(producer.send(record));
        }
        producer.flush();
        for (Future<?> ack : acks) {
            ack.get();
        }
    }
}
