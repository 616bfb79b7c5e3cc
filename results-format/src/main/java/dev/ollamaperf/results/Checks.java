package dev.ollamaperf.results;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/** Validation helpers for the records of this package; messages name the field and the value. */
final class Checks {

    private Checks() {}

    static String nonBlank(String value, String field) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException("'" + field + "' must not be blank");
        }
        return value;
    }

    static long nonNegative(long value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException("'" + field + "' must be >= 0, got: " + value);
        }
        return value;
    }

    static double nonNegative(double value, String field) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("'" + field + "' must be finite and >= 0, got: " + value);
        }
        return value;
    }

    static Instant instant(String value, String field) {
        nonBlank(value, field);
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "'" + field + "' must be an ISO-8601 instant like 2026-11-26T10:00:00Z, got: " + value, e);
        }
    }

    static void version(int version, String file) {
        if (version != 1) {
            throw new IllegalArgumentException(
                    file + " 'version' must be 1 (the only version this reader knows), got: " + version);
        }
    }
}
