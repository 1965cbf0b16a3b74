package io.banditflow.demo;

import io.banditflow.core.event.EventJson;
import io.banditflow.core.event.EventType;
import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.policy.Decision;
import io.banditflow.core.policy.DecisionJson;
import io.banditflow.core.round.RoundClock;
import io.banditflow.core.sim.MarketSimulator;
import io.banditflow.core.sim.SimProduct;
import io.banditflow.core.util.Seeds;
import io.banditflow.job.config.JobConfig;
import io.banditflow.local.LocalTopics;
import io.banditflow.ops.CommittedTopics;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The simulated marketplace as a Kafka client of the job: for each round it reads the job's
 * decisions, plays the round with those bids (the baseline bid for products the job does not decide
 * yet), and writes the impressions, clicks and delayed conversions that follow, with a small share
 * of corrupted records. It keeps the books: expected profit of the bids played, of the baseline bid
 * and of every fixed bid, per product.
 */
final class ClosedLoopMarket {
    /** How long to wait for a round's decisions before playing the baseline bid instead. */
    private static final Duration DECISION_WAIT = Duration.ofSeconds(30);

    /**
     * How long to wait for the job's first decisions: its tasks deploy while the market writes the
     * first rounds, which on two busy cores took longer than {@link #DECISION_WAIT}.
     */
    private static final Duration FIRST_DECISION_WAIT = Duration.ofMinutes(3);

    private final MarketSimulator simulator;
    private final JobConfig job;
    private final RoundClock clock;
    private final String bootstrapServers;
    private final double baselineBid;
    private final double corruptionRate;
    private final long seed;
    private final PrintStream out;

    final DemoReport report;

    ClosedLoopMarket(
            MarketSimulator simulator,
            JobConfig job,
            String bootstrapServers,
            double baselineBid,
            double corruptionRate,
            long seed,
            int rounds,
            PrintStream out) {
        this.simulator = simulator;
        this.job = job;
        this.clock = job.clock();
        this.bootstrapServers = bootstrapServers;
        this.baselineBid = baselineBid;
        this.corruptionRate = corruptionRate;
        this.seed = seed;
        this.out = out;
        this.report =
                new DemoReport(
                        simulator.scenario().products(),
                        job.bidGrid(),
                        baselineBid,
                        (long) rounds - 7L * clock.periodsPerDay(),
                        job.learner().algorithm());
    }

    void run(long firstRound, int rounds, long wallStart) {
        // The simulated event stream, played round by round against the job's decisions.
        Map<String, Long> firstEventTime = new HashMap<>();
        Map<String, Long> lastEventRound = new HashMap<>();
        Map<Long, Map<String, Decision>> decisions = new TreeMap<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps());
                KafkaConsumer<String, String> consumer =
                        new KafkaConsumer<>(CommittedTopics.readCommitted(bootstrapServers))) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(job.kafka().decisionsTopic()).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            for (long round = firstRound; round < firstRound + rounds; round++) {
                Map<String, Decision> decided =
                        awaitDecisions(consumer, decisions, round, firstEventTime, lastEventRound);
                Map<String, MarketSimulator.Bid> bids = new HashMap<>();
                for (SimProduct product : simulator.scenario().products()) {
                    Decision d = decided.get(product.id());
                    bids.put(
                            product.id(),
                            d == null
                                    ? new MarketSimulator.Bid(baselineBid, null)
                                    : new MarketSimulator.Bid(d.bid(), d.decisionId()));
                    report.recordRound(simulator, product, round - firstRound, round, d);
                }
                for (FeedbackEvent event : simulator.playRound(round, bids)) {
                    publish(producer, event, firstEventTime, lastEventRound);
                }
                producer.flush();
                decisions.remove(round);
                long played = round - firstRound + 1;
                if (played % clock.periodsPerDay() == 0) {
                    out.printf(
                            "  day %3d/%d  decisions %6d  events %8d  expected profit so far: learned %9.2f  baseline %9.2f  (%.0f s)%n",
                            played / clock.periodsPerDay(),
                            rounds / clock.periodsPerDay(),
                            report.decisionsSeen(),
                            report.eventsWritten(),
                            report.learnedProfit(),
                            report.baselineProfit(),
                            (System.currentTimeMillis() - wallStart) / 1000.0);
                }
            }
        }
    }

    private Map<String, Decision> awaitDecisions(
            KafkaConsumer<String, String> consumer,
            Map<Long, Map<String, Decision>> decisions,
            long round,
            Map<String, Long> firstEventTime,
            Map<String, Long> lastEventRound) {
        // The job decides for a product from the first round whose decision time follows its
        // first event, and stops after the inactivity timeout: expect exactly those.
        long decisionRound = clock.roundOf(clock.decisionTime(round));
        List<String> expected =
                firstEventTime.entrySet().stream()
                        .filter(e -> clock.firstDecisionRoundAfter(e.getValue()) <= round)
                        .filter(
                                e ->
                                        lastEventRound.get(e.getKey())
                                                >= decisionRound - job.inactivityRounds())
                        .map(Map.Entry::getKey)
                        .toList();
        Duration wait = report.decisionsSeen() == 0 ? FIRST_DECISION_WAIT : DECISION_WAIT;
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Map<String, Decision> decided = decisions.getOrDefault(round, Map.of());
            if (decided.keySet().containsAll(expected)) {
                return decided;
            }
            if (System.nanoTime() > deadline) {
                report.recordMissingDecisions(expected.size() - decided.size());
                return decided;
            }
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                Decision d = DecisionJson.read(record.value());
                if (d.round() >= round) {
                    decisions
                            .computeIfAbsent(d.round(), r -> new HashMap<>())
                            .put(d.productId(), d);
                    report.recordDecision(d);
                }
            }
        }
    }

    private void publish(
            KafkaProducer<String, String> producer,
            FeedbackEvent event,
            Map<String, Long> firstEventTime,
            Map<String, Long> lastEventRound) {
        String topic = job.kafka().topicOf(event.type());
        String payload = EventJson.write(event);
        double u = Seeds.uniform(Seeds.of(seed, event.eventId(), 0));
        if (u < corruptionRate) {
            payload = corrupt(payload, event.type(), u / corruptionRate);
            report.recordCorrupted();
        } else {
            firstEventTime.putIfAbsent(event.productId(), event.eventTime());
            lastEventRound.merge(event.productId(), clock.roundOf(event.eventTime()), Math::max);
        }
        report.recordEvent(event);
        producer.send(new ProducerRecord<>(topic, event.productId(), payload));
    }

    /** Three kinds of damage a real feed shows: truncation, negative money, a lost field. */
    private static String corrupt(String payload, EventType type, double which) {
        if (which < 1.0 / 3) {
            return payload.substring(0, payload.length() / 2);
        }
        if (which < 2.0 / 3) {
            String field =
                    switch (type) {
                        case IMPRESSION -> "\"bid\":";
                        case CLICK -> "\"cost\":";
                        case CONVERSION -> "\"value\":";
                    };
            return payload.replace(field, field + "-");
        }
        return payload.replaceFirst("\"productId\":\"[^\"]*\",", "");
    }

    private Properties producerProps() {
        Properties props = LocalTopics.orderedProducer(bootstrapServers);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        return props;
    }
}
