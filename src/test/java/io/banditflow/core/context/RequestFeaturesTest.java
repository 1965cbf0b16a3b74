package io.banditflow.core.context;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.banditflow.core.event.DecisionRequest;
import io.banditflow.core.event.Device;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestFeaturesTest {
    private static final double[] ROUND = {1, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
    private final RequestFeatures features =
            new RequestFeatures(List.of("new", "returning", "loyal"), List.of("depth", "score"));

    private static DecisionRequest request(String segment, Device device, double depth) {
        return new DecisionRequest(
                "r",
                "p",
                1,
                segment,
                device,
                new String[] {"depth", "other"},
                new double[] {depth, 9});
    }

    @Test
    void shouldFollowTheRoundContextWithSegmentDeviceAndClippedFeatures() {
        assertEquals(10 + 3 + 4 + 2, features.dimension());
        double[] x = features.of(ROUND, request("returning", Device.TABLET, -3.5));
        assertArrayEquals(
                new double[] {
                    1,
                    0.1,
                    0.2,
                    0.3,
                    0.4,
                    0.5,
                    0.6,
                    0.7,
                    0.8,
                    0.9, // round context
                    0,
                    1,
                    0, // returning
                    0,
                    0,
                    1,
                    0, // TABLET
                    -1, // depth −3.5 clipped
                    0 // score: not in the request
                },
                x);
    }

    @Test
    void shouldLeaveUnknownSegmentsAndDevicesAtZero() {
        double[] x = features.of(ROUND, request("vip", null, 0.25));
        double[] requestPart = new double[9];
        System.arraycopy(x, 10, requestPart, 0, 9);
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, 0, 0, 0.25, 0}, requestPart);
        double[] none = features.of(ROUND, request(null, null, 0));
        assertEquals(0, none[10] + none[11] + none[12]);
    }
}
