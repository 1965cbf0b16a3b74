package io.banditflow.job;

import static io.banditflow.testing.TestTime.H;
import static io.banditflow.testing.TestTime.M;
import static io.banditflow.testing.TestTime.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.banditflow.core.context.RequestFeatures;
import io.banditflow.core.event.DeadLetter;
import io.banditflow.core.event.DecisionRequest;
import io.banditflow.core.event.Device;
import io.banditflow.core.event.FeedbackEvent;
import io.banditflow.core.event.LateEvent;
import io.banditflow.core.event.LateReason;
import io.banditflow.core.event.RecordSource;
import io.banditflow.core.event.RejectReason;
import io.banditflow.core.policy.Decision;
import io.banditflow.core.policy.DecisionMode;
import io.banditflow.job.config.JobConfig;
import io.banditflow.testing.RetainingReporter;
import io.banditflow.testing.TestingJobs;
import io.banditflow.testing.TestingSinks;
import io.banditflow.testing.TestingSources;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests mode through the whole topology on the MiniCluster: every valid request answered exactly
 * once, whatever the parallelism; its feedback joined by decision id though it is read in reverse
 * and from other sources than the requests (each hour's feedback reversed); every answered request
 * learned from once its window passed; feedback it cannot join, invalid and repeated requests
 * accounted for.
 *
 * <p>Input: products a and b, 1-hour rounds over a day, three requests per product and hour; every
 * request gets an impression, every other one a click and every fourth a sale half an hour later.
 */
class RequestsITCase {
    @RegisterExtension static final MiniClusterExtension CLUSTER = TestingJobs.miniCluster();

    private static final int HOURS = 24;
    private static final JobConfig JOB = JobConfig.parse(TestingJobs.REQUESTS_JOB);

    private static final String OUTSIDE_WINDOW = "late-click";
    private static final String NO_REQUEST = "ghost-click";

    private static String answerTo(String product, String requestId) {
        return "test/" + product + "/request/" + requestId;
    }

    private static TestingSources input(List<String> validRequestIds) {
        TestingSources sources = new TestingSources();
        List<FeedbackEvent> impressions = new ArrayList<>();
        List<FeedbackEvent> clicks = new ArrayList<>();
        List<FeedbackEvent> sales = new ArrayList<>();
        int n = 0;
        for (int hour = 0; hour < HOURS; hour++) {
            for (int k = 0; k < 3; k++) {
                for (String product : List.of("a", "b")) {
                    String id = product + "-" + hour + "-" + k;
                    long t = T0 + hour * H + k * 10 * M;
                    sources.request(
                            new DecisionRequest(
                                    id,
                                    product,
                                    t,
                                    n % 3 == 0 ? "new" : "returning",
                                    n % 2 == 0 ? Device.MOBILE : Device.DESKTOP,
                                    new String[] {"depth"},
                                    new double[] {(n % 5) / 5.0}));
                    validRequestIds.add(answerTo(product, id));
                    if (id.equals("a-1-0")) {
                        // sent twice while the first is open (the request source's watermark is
                        // still in its round): answered once
                        sources.request(
                                new DecisionRequest(
                                        id, product, t, null, null, new String[0], new double[0]));
                    }
                    String decision = answerTo(product, id);
                    impressions.add(
                            FeedbackEvent.impression(id + "i", product, t + 1_000, 0, decision));
                    if (n % 2 == 0) {
                        clicks.add(
                                FeedbackEvent.click(id + "c", product, t + 2_000, 0.1, decision));
                    }
                    if (n % 4 == 0) {
                        sales.add(
                                FeedbackEvent.conversion(
                                        id + "v", product, t + 30 * M, t + 2_000, 3.0, decision));
                    }
                    n++;
                }
            }
        }
        sources.request("{\"requestId\": \"broken\"");
        sources.request(
                "{\"requestId\":\"r\",\"productId\":\"a\",\"eventTime\":"
                        + T0
                        + ",\"device\":\"TV\"}");
        // after its request's window (final at T0 + 3 h − 1 ms), and for no request at all
        clicks.add(
                FeedbackEvent.click(
                        OUTSIDE_WINDOW, "a", T0 + 3 * H + 5 * M, 0.1, answerTo("a", "a-0-0")));
        clicks.add(FeedbackEvent.click(NO_REQUEST, "b", T0 + 5 * H, 0.1, answerTo("b", "nobody")));
        for (List<FeedbackEvent> events : List.of(impressions, clicks, sales)) {
            reversedWithinHours(events).forEach(sources::add);
        }
        return sources;
    }

    /**
     * Each hour's events in reverse: out of order by up to 30 minutes, beyond the 10 minutes of
     * allowed out-of-orderness yet within the attribution window, so no round is final before its
     * events arrive.
     */
    private static List<FeedbackEvent> reversedWithinHours(List<FeedbackEvent> events) {
        Map<Long, List<FeedbackEvent>> byHour = new TreeMap<>();
        for (FeedbackEvent event : events) {
            byHour.computeIfAbsent(event.attributionTime() / H, h -> new ArrayList<>()).add(event);
        }
        List<FeedbackEvent> reversed = new ArrayList<>();
        for (List<FeedbackEvent> hour : byHour.values()) {
            Collections.reverse(hour);
            reversed.addAll(hour);
        }
        return reversed;
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2})
    void shouldAnswerEveryRequestOnceAndLearnFromItsFeedback(int parallelism) throws Exception {
        List<String> valid = new ArrayList<>();
        TestingSources sources = input(valid);
        RetainingReporter.clear();
        TestingSinks sinks = TestingJobs.run(JOB, sources, parallelism);

        List<Decision> answers = sinks.decisions();
        assertEquals(valid.size(), answers.size(), "one answer per request, the repeated one once");
        assertEquals(
                new TreeSet<>(valid),
                answers.stream()
                        .map(Decision::decisionId)
                        .collect(Collectors.toCollection(TreeSet::new)));
        int dimension =
                new RequestFeatures(List.of("new", "returning"), List.of("depth")).dimension();
        for (Decision answer : answers) {
            assertEquals(answer.decisionId(), answerTo(answer.productId(), answer.requestId()));
            assertEquals(DecisionMode.LEARNED, answer.mode());
            assertEquals("linucb", answer.algorithm());
            assertEquals(dimension, answer.context().length);
            assertEquals(answer.probabilities()[answer.arm()], answer.propensity(), 0);
        }

        assertEquals(
                List.of(RejectReason.MALFORMED_JSON, RejectReason.UNKNOWN_ENUM),
                sinks.deadLetters().stream()
                        .filter(d -> d.source() == RecordSource.REQUEST)
                        .map(DeadLetter::reason)
                        .sorted()
                        .toList());

        Map<String, LateReason> late = new TreeMap<>();
        for (LateEvent event : sinks.late()) {
            late.put(event.event().eventId(), event.reason());
        }
        assertEquals(Set.of(OUTSIDE_WINDOW, NO_REQUEST), late.keySet());
        assertEquals(LateReason.NO_OPEN_REQUEST, late.get(NO_REQUEST));
        // still open when the click came (AFTER_REQUEST_FINAL) or already closed (NO_OPEN_REQUEST)
        assertTrue(
                Set.of(LateReason.AFTER_REQUEST_FINAL, LateReason.NO_OPEN_REQUEST)
                        .contains(late.get(OUTSIDE_WINDOW)));

        assertEquals(valid.size(), RetainingReporter.count("requestsLearned"));
        assertEquals(0, RetainingReporter.count("requestsTooLateToLearn"));
        assertEquals(1, RetainingReporter.count("duplicateRequests"));
        assertEquals(2, RetainingReporter.count("unjoinedFeedback"));
        assertEquals(
                HOURS * 2,
                RetainingReporter.count("batchUpdates"),
                "one update per product and round with requests");
        assertTrue(!RetainingReporter.find("requestLatencyMicros").isEmpty());
    }
}
