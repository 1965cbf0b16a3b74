package io.banditflow.core.eval;

/**
 * One logged choice and its outcome: the action shown, in which slot, the reward it earned and the
 * probability the logging policy gave it.
 *
 * @param position the slot (0-based) the action was shown in; 0 when there is only one
 * @param propensity the logging policy's probability of this action in this slot, in (0, 1]
 */
public record LoggedFeedback(int action, int position, double reward, double propensity) {
    public LoggedFeedback {
        if (!(propensity > 0 && propensity <= 1)) {
            throw new IllegalArgumentException("propensity must be in (0, 1], got " + propensity);
        }
    }
}
