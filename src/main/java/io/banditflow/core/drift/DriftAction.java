package io.banditflow.core.drift;

/** What a drift signal tells the policy: switch the scope to the baseline, or back. */
public enum DriftAction {
    FALLBACK,
    RECOVER
}
