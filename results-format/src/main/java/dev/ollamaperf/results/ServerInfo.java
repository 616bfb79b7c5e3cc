package dev.ollamaperf.results;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.OptBoolean;
import java.util.List;
import java.util.Objects;

/**
 * The root of {@code <run>/load/server.json}: what the target said about itself, captured from
 * {@code /api/version} and {@code /api/ps} (and {@code /api/show} for details) right after the load,
 * while the models were still resident.
 *
 * @param version format version, 1
 * @param capturedAt when {@code /api/ps} was read, ISO-8601 UTC
 * @param endpoints one entry per Ollama endpoint of the run, at least one
 */
public record ServerInfo(int version, String capturedAt, List<Endpoint> endpoints) {

    /** The format version this code writes and reads. */
    public static final int VERSION = 1;

    public ServerInfo {
        Checks.version(version, "server.json");
        Checks.instant(capturedAt, "captured_at");
        endpoints = List.copyOf(Objects.requireNonNull(endpoints, "endpoints"));
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("'endpoints' must not be empty");
        }
    }

    /**
     * One Ollama endpoint.
     *
     * @param url its base URL
     * @param ollamaVersion {@code /api/version}'s {@code version}
     * @param models the models {@code /api/ps} listed
     */
    public record Endpoint(
            String url,
            String ollamaVersion,
            List<LoadedModel> models,
            // Optional in the file (older producers do not write it): absent reads as empty, empty is not written.
            @JacksonInject(value = "absent", useInput = OptBoolean.TRUE, optional = OptBoolean.TRUE)
            @JsonInclude(JsonInclude.Include.NON_EMPTY)
            List<ModelLoad> modelLoads) {
        public Endpoint {
            Checks.nonBlank(url, "endpoints.url");
            Checks.nonBlank(ollamaVersion, "endpoints.ollama_version");
            models = List.copyOf(Objects.requireNonNull(models, "endpoints.models"));
            modelLoads = modelLoads == null ? List.of() : List.copyOf(modelLoads);
            if (modelLoads.stream().map(ModelLoad::name).distinct().count() != modelLoads.size()) {
                throw new IllegalArgumentException("'endpoints.model_loads' must name each model once, got: "
                        + modelLoads.stream().map(ModelLoad::name).toList());
            }
        }

        /** An endpoint without load information (what producers before {@code model_loads} wrote). */
        public Endpoint(String url, String ollamaVersion, List<LoadedModel> models) {
            this(url, ollamaVersion, models, List.of());
        }
    }

    /**
     * How a model the run drove came to be resident: the harness's own cold load, with its time, or
     * already loaded before the run (no time: the run did not see a load), or not measured.
     *
     * @param name full name, e.g. {@code mistral:7b}
     * @param state {@code loaded_by_run}, {@code already_loaded} or {@code not_measured} (warm-up off or failed)
     * @param loadDurationNs the warm-up answer's {@code load_duration}, in ns: present ({@code >= 0}) exactly
     *     when {@code loaded_by_run}, else {@code null}
     */
    public record ModelLoad(String name, String state, Long loadDurationNs) {
        /** The run loaded the model (its warm-up paid the cold load). */
        public static final String LOADED_BY_RUN = "loaded_by_run";
        /** The model was resident before the run. */
        public static final String ALREADY_LOADED = "already_loaded";
        /** No warm-up answer said (warm-up off, or it failed). */
        public static final String NOT_MEASURED = "not_measured";

        public ModelLoad {
            Checks.nonBlank(name, "model_loads.name");
            Checks.nonBlank(state, "model_loads.state");
            if (!List.of(LOADED_BY_RUN, ALREADY_LOADED, NOT_MEASURED).contains(state)) {
                throw new IllegalArgumentException("model '" + name + "' 'model_loads.state' must be one of "
                        + LOADED_BY_RUN + ", " + ALREADY_LOADED + ", " + NOT_MEASURED + ", got: " + state);
            }
            if (state.equals(LOADED_BY_RUN) != (loadDurationNs != null)) {
                throw new IllegalArgumentException(
                        "model '" + name + "' 'model_loads.load_duration_ns' must be set exactly when" + " state is "
                                + LOADED_BY_RUN + ", got: state=" + state + ", load_duration_ns=" + loadDurationNs);
            }
            if (loadDurationNs != null) {
                Checks.nonNegative(loadDurationNs, "model_loads.load_duration_ns");
            }
        }
    }

    /**
     * One resident model, as {@code /api/ps} reports it.
     *
     * @param name full name, e.g. {@code llama3.2:latest}
     * @param sizeBytes {@code size}: weights + KV cache of all parallel slots + compute buffers
     * @param sizeVramBytes {@code size_vram}: the part in GPU memory ({@code <= sizeBytes})
     * @param contextLength {@code context_length} (per request), 0 when the server does not report it
     * @param family {@code details.family}, may be empty
     * @param parameterSize {@code details.parameter_size}, e.g. {@code 3.2B}, may be empty
     * @param quantizationLevel {@code details.quantization_level}, e.g. {@code Q4_K_M}, may be empty
     */
    public record LoadedModel(
            String name,
            long sizeBytes,
            long sizeVramBytes,
            long contextLength,
            String family,
            String parameterSize,
            String quantizationLevel) {
        public LoadedModel {
            Checks.nonBlank(name, "models.name");
            Checks.nonNegative(sizeBytes, "models.size_bytes");
            Checks.nonNegative(sizeVramBytes, "models.size_vram_bytes");
            Checks.nonNegative(contextLength, "models.context_length");
            if (sizeVramBytes > sizeBytes) {
                throw new IllegalArgumentException("model '" + name + "' 'size_vram_bytes' must be <= size_bytes ("
                        + sizeBytes + "), got: " + sizeVramBytes);
            }
            family = Objects.requireNonNullElse(family, "");
            parameterSize = Objects.requireNonNullElse(parameterSize, "");
            quantizationLevel = Objects.requireNonNullElse(quantizationLevel, "");
        }
    }
}
