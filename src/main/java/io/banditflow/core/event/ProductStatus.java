package io.banditflow.core.event;

/** Whether a product may be bid on. Stable names: part of the catalog schema. */
public enum ProductStatus {
    ACTIVE,
    /** Out of stock, delisted or held back: no bids until it is active again. */
    PAUSED
}
