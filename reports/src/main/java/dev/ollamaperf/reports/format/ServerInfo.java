package dev.ollamaperf.reports.format;

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
  public record Endpoint(String url, String ollamaVersion, List<LoadedModel> models) {
    public Endpoint {
      Checks.nonBlank(url, "endpoints.url");
      Checks.nonBlank(ollamaVersion, "endpoints.ollama_version");
      models = List.copyOf(Objects.requireNonNull(models, "endpoints.models"));
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
  public record LoadedModel(String name, long sizeBytes, long sizeVramBytes, long contextLength, String family,
      String parameterSize, String quantizationLevel) {
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
