package dev.ollamaperf.client.api;

import java.util.Objects;

/**
 * {@code POST /api/show} request.
 *
 * @param model   model name
 * @param verbose include large {@code model_info} arrays; {@code null} = server default (false)
 */
public record ShowRequest(String model, Boolean verbose) {

    public ShowRequest {
        Objects.requireNonNull(model, "model");
    }

    /** A non-verbose request. */
    public static ShowRequest of(String model) {
        return new ShowRequest(model, null);
    }
}
