package io.banditflow.core.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.banditflow.core.guard.Guardrail;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DecisionJsonTest {
    private static final JsonMapper MAPPER = new JsonMapper();

    private static Decision decision(String product, double[] bids, SplittableRandom rng) {
        double[] probabilities = new double[bids.length];
        double total = 0;
        for (int i = 0; i < bids.length; i++) {
            probabilities[i] = rng.nextDouble();
            total += probabilities[i];
        }
        for (int i = 0; i < bids.length; i++) {
            probabilities[i] /= total;
        }
        int arm = rng.nextInt(bids.length);
        return new Decision(
                "job/" + product + "/7",
                "job",
                product,
                7,
                700,
                800,
                690,
                bids[arm],
                arm,
                probabilities[arm],
                bids,
                probabilities,
                "batch-exp3",
                3,
                PropensityMethod.EXACT,
                0,
                DecisionMode.LEARNED,
                "réglé — the learner's draw",
                new Guardrail[] {Guardrail.BID_BOUNDS},
                0,
                bids.length - 1,
                new double[] {rng.nextDouble(), 1e-300, -0.0, 12345.678},
                null,
                null);
    }

    @Test
    void shouldWriteEveryNumberExactlyAndTheFieldsInSchemaOrder() throws Exception {
        Decision d = decision("p1", new double[] {0.1, 0.25, 1.0 / 3}, new SplittableRandom(1));
        JsonNode json = MAPPER.readTree(DecisionJson.utf8(d));

        List<String> fields = new ArrayList<>();
        json.fieldNames().forEachRemaining(fields::add);
        assertEquals(
                List.of(
                        "decisionId",
                        "job",
                        "productId",
                        "round",
                        "roundStart",
                        "roundEnd",
                        "decidedAt",
                        "bid",
                        "arm",
                        "propensity",
                        "distribution",
                        "algorithm",
                        "policyVersion",
                        "propensityMethod",
                        "propensityError",
                        "mode",
                        "reason",
                        "guardrails",
                        "lowestArm",
                        "highestArm",
                        "context"),
                fields);
        assertEquals("réglé — the learner's draw", json.get("reason").textValue());
        for (int i = 0; i < d.bids().length; i++) {
            JsonNode entry = json.get("distribution").get(i);
            assertEquals(d.bids()[i], entry.get("bid").doubleValue(), 0);
            assertEquals(d.probabilities()[i], entry.get("probability").doubleValue(), 0);
        }
        for (int f = 0; f < d.context().length; f++) {
            assertEquals(
                    Double.doubleToLongBits(d.context()[f]),
                    Double.doubleToLongBits(json.get("context").get(f).doubleValue()));
        }
        String text = DecisionJson.write(d);
        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), DecisionJson.utf8(d));
        assertEquals(text, DecisionJson.write(DecisionJson.read(text)));
    }

    @Test
    void shouldWriteEachDecisionsOwnBidsWhenGridsAlternate() {
        SplittableRandom rng = new SplittableRandom(2);
        double[] cents = {0.05, 0.1, 0.2};
        double[] dollars = {1, 2, 3, 4};
        for (int i = 0; i < 20; i++) {
            double[] grid = i % 3 == 0 ? dollars : cents;
            Decision d = decision("p" + i, grid, rng);
            Decision read = DecisionJson.read(DecisionJson.write(d));
            assertArrayEquals(grid, read.bids(), 0);
            assertArrayEquals(d.probabilities(), read.probabilities(), 0);
        }
    }

    @Test
    void shouldKeepOptionalFieldsAfterTheContext() throws Exception {
        Decision d =
                decision("p", new double[] {0.5}, new SplittableRandom(3)).withVariant("treatment");
        JsonNode json = MAPPER.readTree(DecisionJson.utf8(d));
        assertEquals("treatment", json.get("variant").textValue());
        assertEquals("treatment", DecisionJson.read(DecisionJson.write(d)).variant());
    }
}
