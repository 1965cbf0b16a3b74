package io.banditflow.testing;

import io.banditflow.local.LocalTopics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writing test input to the embedded broker: in order, and every write acknowledged. */
public final class TestingKafka {
    private TestingKafka() {}

    /** A producer that keeps order and whose every write is acknowledged. */
    public static KafkaProducer<String, String> producer(String bootstrapServers) {
        return new KafkaProducer<>(LocalTopics.orderedProducer(bootstrapServers));
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
