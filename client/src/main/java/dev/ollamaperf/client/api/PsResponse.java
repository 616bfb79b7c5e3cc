package dev.ollamaperf.client.api;

import java.util.List;

/** {@code GET /api/ps}: loaded models, latest expiry first ({@code {"models":[]}} when none). */
public record PsResponse(List<RunningModel> models) {

    public PsResponse {
        models = models == null ? List.of() : List.copyOf(models);
    }

    /** The names, in server order. */
    public List<String> names() {
        return models.stream().map(RunningModel::name).toList();
    }
}
