package dev.ollamaperf.client.api;

import java.util.List;

/**
 * The {@code details} object of {@code /api/tags}, {@code /api/ps} and {@code /api/show}; any field may be
 * {@code null} when absent.
 */
public record ModelDetails(
        String parentModel,
        String format,
        String family,
        List<String> families,
        String parameterSize,
        String quantizationLevel) {

    public ModelDetails {
        families = families == null ? null : List.copyOf(families);
    }
}
