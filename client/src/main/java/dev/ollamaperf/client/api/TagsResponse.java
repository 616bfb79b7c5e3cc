package dev.ollamaperf.client.api;

import java.util.List;
import java.util.Optional;

/** {@code GET /api/tags}: the models present locally ({@code {"models":[]}} when none). */
public record TagsResponse(List<ModelInfo> models) {

    public TagsResponse {
        models = models == null ? List.of() : List.copyOf(models);
    }

    /**
     * Finds a model by name, treating a missing tag as {@code :latest} (so {@code llama3.2} finds
     * {@code llama3.2:latest}).
     */
    public Optional<ModelInfo> find(String name) {
        String wanted = ModelNames.normalize(name);
        return models.stream()
                .filter(m -> ModelNames.normalize(m.name()).equals(wanted))
                .findFirst();
    }

    /** The names, in server order. */
    public List<String> names() {
        return models.stream().map(ModelInfo::name).toList();
    }
}
