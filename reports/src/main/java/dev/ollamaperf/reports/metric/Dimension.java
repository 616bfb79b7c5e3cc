package dev.ollamaperf.reports.metric;

/** What a {@link Unit} measures; only units of the same dimension convert into each other. */
public enum Dimension {
    TIME,
    TIME_PER_OP,
    OPS_RATE,
    BYTES,
    BYTES_PER_OP,
    BYTE_RATE,
    TOKEN_RATE,
    REQUEST_RATE,
    RATIO,
    COUNT
}
