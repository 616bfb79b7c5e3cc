package dev.ollamaperf.client.api;

import java.util.Objects;

/** {@code GET /api/version}: {@code {"version":"0.6.2"}}. */
public record VersionResponse(String version) {

    public VersionResponse {
        Objects.requireNonNull(version, "version");
    }
}
