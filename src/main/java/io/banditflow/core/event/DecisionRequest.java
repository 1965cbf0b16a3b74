package io.banditflow.core.event;

/**
 * A validated decision request: an ad server asks what to bid for one product on one request, and
 * gets the answer at once. Feedback that echoes the answer's decision id is joined back to it.
 *
 * @param eventTime when the request was made
 * @param segment the user segment, or null when not known; segments outside {@code
 *     requests.segments} count as unknown
 * @param device the device class, or null when not known
 * @param featureNames names of the free numeric features, aligned with {@code featureValues}
 * @param featureValues their values, all finite
 */
public record DecisionRequest(
        String requestId,
        String productId,
        long eventTime,
        String segment,
        Device device,
        String[] featureNames,
        double[] featureValues) {

    /** The value of a named feature, or NaN when the request does not carry it. */
    public double feature(String name) {
        for (int i = 0; i < featureNames.length; i++) {
            if (featureNames[i].equals(name)) {
                return featureValues[i];
            }
        }
        return Double.NaN;
    }
}
