package dev.ollamaperf.client.internal.resilience;

import dev.ollamaperf.client.error.OllamaException;
import java.util.List;
import java.util.Objects;

/**
 * A result and the model that produced it.
 *
 * @param value    the result
 * @param model    the model that served it (the requested one, or a fallback)
 * @param failures failures of the models tried before it, in order (empty when the first model served)
 * @param <T>      result type
 */
public record Served<T>(T value, String model, List<OllamaException> failures) {

    public Served {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(model, "model");
        failures = List.copyOf(failures);
    }

    /** True when a model other than the first one served. */
    public boolean fellBack() {
        return !failures.isEmpty();
    }
}
