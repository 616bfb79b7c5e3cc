package dev.ollamaperf.load.capacity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Writes {@code <run>/load/sweep.json} (format in reports/README.md, "Capacity"): the sweep's
 * settings, the steps that ran with their peak resident memory, why it stopped, and what the memory
 * plan needs per model (its size on disk, context length, KV-cache geometry from {@code /api/show}).
 * A file of its own rather than fields in server.json, whose reader refuses unknown fields and
 * requires every field: the gate's format stays as it is.
 */
public final class SweepFile {

    /** The format version written. */
    public static final int VERSION = 1;

    private SweepFile() {
    }

    /**
     * One model as the memory plan needs it.
     *
     * @param name                 full name
     * @param sizeBytes            {@code /api/tags} size: the weights
     * @param contextLength        {@code /api/ps} context_length seen during the run, 0 if not reported
     * @param trainedContextLength {@code <arch>.context_length} of {@code model_info}, 0 if absent
     * @param kv                   the KV-cache geometry
     */
    public record ModelPlan(String name, long sizeBytes, long contextLength, long trainedContextLength,
                            KvGeometry kv) {
    }

    /** Writes the file atomically. */
    public static void write(Path file, Instant capturedAt, CapacitySettings settings,
                             List<SweepMonitor.StepResult> steps, Optional<String> stopReason, String numParallelSetting,
                             List<ModelPlan> models) throws IOException {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("version", VERSION);
        root.put("captured_at", capturedAt.toString());
        root.put("sweep", settings.sweep().setting());
        ArrayNode levels = root.putArray("levels");
        settings.levels().forEach(levels::add);
        root.put("step_seconds", settings.stepDuration().toMillis() / 1000.0);
        ObjectNode rule = root.putObject("stop_rule");
        rule.put("max_error_ratio", settings.stopRule().maxErrorRatio());
        rule.put("latency_growth", settings.stopRule().latencyGrowth());
        rule.put("min_gain", settings.stopRule().minGain());
        rule.put("patience", settings.stopRule().patience());
        root.put("stopped_early", stopReason.isPresent());
        root.put("stop_reason", stopReason.orElse(""));
        root.put("num_parallel_setting", numParallelSetting == null ? "" : numParallelSetting);
        ArrayNode stepNodes = root.putArray("steps");
        for (SweepMonitor.StepResult result : steps) {
            ObjectNode node = stepNodes.addObject();
            node.put("scenario", result.step().name());
            node.put("level", result.step().level());
            node.put("requests", result.step().requests());
            node.put("failures", result.step().failures());
            node.put("seconds", result.step().seconds());
            node.put("e2e_p50_ms", result.step().e2eP50Nanos() / 1e6);
            node.put("resident_bytes", result.residentBytes());
            node.put("resident_vram_bytes", result.residentVramBytes());
        }
        ArrayNode modelNodes = root.putArray("models");
        for (ModelPlan model : models) {
            ObjectNode node = modelNodes.addObject();
            node.put("name", model.name());
            node.put("size_bytes", model.sizeBytes());
            node.put("context_length", model.contextLength());
            node.put("trained_context_length", model.trainedContextLength());
            node.put("block_count", model.kv().blockCount());
            node.put("head_count_kv", model.kv().headCountKv());
            node.put("key_length", model.kv().keyLength());
            node.put("value_length", model.kv().valueLength());
            node.put("kv_bytes_per_token", model.kv().bytesPerToken());
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(temporary.toFile(), root);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
