package io.banditflow.core.context;

import io.banditflow.core.event.DecisionRequest;
import io.banditflow.core.event.Device;
import java.util.List;

/**
 * The context x of a decision request: the product's round context at the request's time ({@link
 * ContextFeatures}, whose hour and day are then the request's own), followed by what the request
 * says about itself. Every feature lies in [−1, 1] and is 0 when unknown, as in the round context.
 *
 * <table>
 *   <caption>Features after the round context's ten, in order</caption>
 *   <tr><th>features</th><th>definition</th></tr>
 *   <tr><td>segment</td><td>one-hot over the configured segments; all 0 for a missing or other
 *       segment</td></tr>
 *   <tr><td>device</td><td>one-hot over DESKTOP, MOBILE, TABLET, OTHER; all 0 when missing</td></tr>
 *   <tr><td>numeric</td><td>each configured feature's value clipped to [−1, 1]; 0 when the request
 *       does not carry it</td></tr>
 * </table>
 */
public final class RequestFeatures {
    private static final Device[] DEVICES = Device.values();

    private final List<String> segments;
    private final List<String> numeric;

    /**
     * @param segments the user segments with a feature each
     * @param numeric the names of the request's numeric features that are used
     */
    public RequestFeatures(List<String> segments, List<String> numeric) {
        this.segments = List.copyOf(segments);
        this.numeric = List.copyOf(numeric);
    }

    public int dimension() {
        return ContextFeatures.DIMENSION + segments.size() + DEVICES.length + numeric.size();
    }

    /**
     * @param roundContext the product's round context at the request's time
     */
    public double[] of(double[] roundContext, DecisionRequest request) {
        double[] x = new double[dimension()];
        System.arraycopy(roundContext, 0, x, 0, ContextFeatures.DIMENSION);
        int at = ContextFeatures.DIMENSION;
        int segment = request.segment() == null ? -1 : segments.indexOf(request.segment());
        if (segment >= 0) {
            x[at + segment] = 1;
        }
        at += segments.size();
        if (request.device() != null) {
            x[at + request.device().ordinal()] = 1;
        }
        at += DEVICES.length;
        for (String name : numeric) {
            double value = request.feature(name);
            x[at++] = Double.isNaN(value) ? 0 : Math.max(-1, Math.min(1, value));
        }
        return x;
    }
}
