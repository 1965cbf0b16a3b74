package io.banditflow.core.event;

/** Why a record went to the dead-letter output. Stable names: they are part of the schema. */
public enum RejectReason {
    MALFORMED_JSON,
    NOT_AN_OBJECT,
    MISSING_FIELD,
    WRONG_TYPE,
    INVALID_MONEY,
    UNKNOWN_ENUM,
    INVALID_TIMESTAMP,
    FUTURE_TIMESTAMP,
    INCONSISTENT_TIMES,
    /** A decision request's numeric feature that is not a finite number. */
    INVALID_FEATURE
}
