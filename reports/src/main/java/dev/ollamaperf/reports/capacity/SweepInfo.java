package dev.ollamaperf.reports.capacity;

import dev.ollamaperf.results.CapacitySweep;
import dev.ollamaperf.results.FormatException;
import dev.ollamaperf.results.FormatFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the capacity analysis takes from {@code <run>/load/sweep.json} ({@link CapacitySweep}, written by the
 * load tests' CapacitySimulation): how the sweep ran and stopped, each step's peak resident memory, and what
 * the memory plan needs per model.
 *
 * @param sweep              {@code concurrency} or {@code rate}
 * @param levels             the planned levels
 * @param stoppedEarly       the saturation guard stopped the sweep
 * @param stopReason         why, or empty
 * @param numParallelSetting {@code OLLAMA_NUM_PARALLEL} as the harness saw it, or empty
 * @param residentBytes      peak resident bytes by step scenario
 * @param models             the memory plan's inputs per model
 */
public record SweepInfo(
        String sweep,
        List<Double> levels,
        boolean stoppedEarly,
        String stopReason,
        String numParallelSetting,
        Map<String, Long> residentBytes,
        List<ModelInputs> models) {

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

    /**
     * Reads the file if the run has one.
     *
     * @throws FormatException naming the file when it is malformed (it is read as strictly as metrics.json)
     */
    public static Optional<SweepInfo> read(Path runDir) {
        Path file = runDir.resolve("load/sweep.json");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(of(FormatFiles.readSweep(file)));
    }

    /** The analysis's view of a sweep file: peak resident bytes by step, the memory plan's inputs. */
    public static SweepInfo of(CapacitySweep file) {
        Map<String, Long> resident = new LinkedHashMap<>();
        file.steps().forEach(step -> resident.put(step.scenario(), step.residentBytes()));
        List<ModelInputs> models = new ArrayList<>();
        file.models()
                .forEach(m ->
                        models.add(new ModelInputs(m.name(), m.sizeBytes(), m.contextLength(), m.kvBytesPerToken())));
        return new SweepInfo(
                file.sweep(),
                file.levels(),
                file.stoppedEarly(),
                file.stopReason(),
                file.numParallelSetting(),
                resident,
                models);
    }
}
