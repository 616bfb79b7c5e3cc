package dev.ollamaperf.results;

import java.util.List;
import java.util.Objects;

/**
 * What was driven.
 *
 * @param kind {@code emulator}, {@code ollama} or {@code gateway} (the integration's Ollama-compatible front)
 * @param endpoints base URLs, at least one (several when a scenario spreads over several Ollama nodes)
 */
public record Target(String kind, List<String> endpoints) {

    public Target {
        Checks.nonBlank(kind, "target.kind");
        Objects.requireNonNull(endpoints, "target.endpoints");
        endpoints = List.copyOf(endpoints);
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("'target.endpoints' must name at least one endpoint");
        }
    }
}
