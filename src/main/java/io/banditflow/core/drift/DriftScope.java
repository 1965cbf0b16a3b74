package io.banditflow.core.drift;

/** What a drift signal is about: one product, or the market over all products. */
public enum DriftScope {
    PRODUCT,
    GLOBAL;

    /** The key of the global scope in signals. */
    public static final String ALL_PRODUCTS = "*";
}
