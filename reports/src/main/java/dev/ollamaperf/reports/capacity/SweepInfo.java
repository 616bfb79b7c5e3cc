package dev.ollamaperf.reports.capacity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ollamaperf.reports.format.FormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code <run>/load/sweep.json}, written by the load tests' CapacitySimulation (format in
 * reports/README.md, "Capacity"): how the sweep ran and stopped, each step's peak resident memory,
 * and what the memory plan needs per model.
 *
 * @param sweep              {@code concurrency} or {@code rate}
 * @param levels             the planned levels
 * @param stoppedEarly       the saturation guard stopped the sweep
 * @param stopReason         why, or empty
 * @param numParallelSetting {@code OLLAMA_NUM_PARALLEL} as the harness saw it, or empty
 * @param residentBytes      peak resident bytes by step scenario
 * @param models             the memory plan's inputs per model
 */
public record SweepInfo(String sweep, List<Double> levels, boolean stoppedEarly, String stopReason,
    String numParallelSetting, Map<String, Long> residentBytes, List<ModelInputs> models) {

  public SweepInfo {
    Objects.requireNonNull(sweep, "sweep");
    levels = List.copyOf(levels);
    stopReason = Objects.requireNonNullElse(stopReason, "");
    numParallelSetting = Objects.requireNonNullElse(numParallelSetting, "");
    residentBytes = Map.copyOf(residentBytes);
    models = List.copyOf(models);
  }

  /**
   * One model's memory-plan inputs.
   *
   * @param name            full name
   * @param sizeBytes       weights ({@code /api/tags} size)
   * @param contextLength   per-request context seen in {@code /api/ps}, 0 if unknown
   * @param kvBytesPerToken KV-cache bytes per token per slot at f16, 0 if unknown
   */
  public record ModelInputs(String name, long sizeBytes, long contextLength, long kvBytesPerToken) {}

  /** Reads the file if the run has one. */
  public static Optional<SweepInfo> read(Path runDir) {
    Path file = runDir.resolve("load/sweep.json");
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      JsonNode root = new ObjectMapper().readTree(file.toFile());
      if (root.path("version").asInt() != 1) {
        throw new FormatException(file + ": 'version' must be 1, got: " + root.path("version"), null);
      }
      List<Double> levels = new ArrayList<>();
      root.path("levels").forEach(n -> levels.add(n.asDouble()));
      Map<String, Long> resident = new LinkedHashMap<>();
      root.path("steps").forEach(n -> resident.put(n.path("scenario").asText(), n.path("resident_bytes").asLong()));
      List<ModelInputs> models = new ArrayList<>();
      root.path("models").forEach(n -> models.add(new ModelInputs(n.path("name").asText(), n.path("size_bytes").asLong(),
          n.path("context_length").asLong(), n.path("kv_bytes_per_token").asLong())));
      return Optional.of(new SweepInfo(root.path("sweep").asText("concurrency"), levels,
          root.path("stopped_early").asBoolean(), root.path("stop_reason").asText(""),
          root.path("num_parallel_setting").asText(""), resident, models));
    } catch (IOException e) {
      throw new FormatException(file + ": cannot read: " + e.getMessage(), e);
    }
  }
}
