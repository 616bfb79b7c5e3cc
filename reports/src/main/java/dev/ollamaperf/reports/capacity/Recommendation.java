package dev.ollamaperf.reports.capacity;

import java.util.Objects;

/**
 * One recommendation with the numbers behind it.
 *
 * @param name  what to set, e.g. {@code OLLAMA_NUM_PARALLEL}
 * @param value the recommended value
 * @param basis why, with the measured numbers
 */
public record Recommendation(String name, String value, String basis) {
    public Recommendation {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(basis, "basis");
    }
}
