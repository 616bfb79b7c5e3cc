package dev.ollamaperf.client.api;

import java.util.Objects;
import java.util.Set;

/**
 * The {@code think} request field: on/off (a JSON boolean) or a level string (docs/ollama-api.md §1.7).
 *
 * @param value one of {@code "true"}, {@code "false"}, {@code "low"}, {@code "medium"}, {@code "high"}, {@code "max"}
 */
public record Think(String value) {

    private static final Set<String> VALID = Set.of("true", "false", "low", "medium", "high", "max");

    /** Thinking on (Ollama treats it as level "medium"). */
    public static final Think ON = new Think("true");
    /** Thinking off. */
    public static final Think OFF = new Think("false");

    public Think {
        Objects.requireNonNull(value, "value");
        if (!VALID.contains(value)) {
            throw new IllegalArgumentException("'think' must be one of " + VALID + ", got: \"" + value + "\"");
        }
    }

    /** A thinking level: "low", "medium", "high" or "max". */
    public static Think level(String level) {
        return new Think(level);
    }

    /** True when the value is written as a JSON boolean rather than a string. */
    public boolean isBoolean() {
        return value.equals("true") || value.equals("false");
    }
}
