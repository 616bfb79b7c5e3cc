package dev.ollamaperf.load.capacity;

import dev.ollamaperf.results.CapacitySweep;
import dev.ollamaperf.results.FormatFiles;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes {@code <run>/load/sweep.json} (results-format's {@link CapacitySweep}): the sweep's settings,
 * the steps that ran with their peak resident memory, why it stopped, and what the memory plan needs per
 * model (its size on disk, context length, KV-cache geometry from {@code /api/show}). A file of its own
 * rather than fields in server.json, whose reader refuses unknown fields and requires every field: the
 * gate's format stays as it is.
 */
public final class SweepFile {

    /** The format version written. */
    public static final int VERSION = CapacitySweep.VERSION;

    private SweepFile() {}

    /**
     * One model as the memory plan needs it.
     *
     * @param name                 full name
     * @param sizeBytes            {@code /api/tags} size: the weights
     * @param contextLength        {@code /api/ps} context_length seen during the run, 0 if not reported
     * @param trainedContextLength {@code <arch>.context_length} of {@code model_info}, 0 if absent
     * @param kv                   the KV-cache geometry
     */
    public record ModelPlan(
            String name, long sizeBytes, long contextLength, long trainedContextLength, KvGeometry kv) {}

    /**
     * Writes the file atomically, through results-format's typed writer ({@link CapacitySweep}).
     *
     * @throws IllegalArgumentException naming the field when a value breaks a rule of the format
     * @throws java.io.UncheckedIOException when the file cannot be written
     */
    public static void write(
            Path file,
            Instant capturedAt,
            CapacitySettings settings,
            List<SweepMonitor.StepResult> steps,
            Optional<String> stopReason,
            String numParallelSetting,
            List<ModelPlan> models) {
        FormatFiles.writeSweep(sweep(capturedAt, settings, steps, stopReason, numParallelSetting, models), file);
    }

    /** The file's content. */
    public static CapacitySweep sweep(
            Instant capturedAt,
            CapacitySettings settings,
            List<SweepMonitor.StepResult> steps,
            Optional<String> stopReason,
            String numParallelSetting,
            List<ModelPlan> models) {
        SaturationGuard.Rule rule = settings.stopRule();
        List<CapacitySweep.Step> stepEntries = new ArrayList<>();
        for (SweepMonitor.StepResult result : steps) {
            SaturationGuard.Step step = result.step();
            stepEntries.add(new CapacitySweep.Step(
                    step.name(),
                    step.level(),
                    step.requests(),
                    step.failures(),
                    step.seconds(),
                    step.e2eP50Nanos() / 1e6,
                    result.residentBytes(),
                    result.residentVramBytes()));
        }
        List<CapacitySweep.ModelPlan> modelEntries = new ArrayList<>();
        for (ModelPlan model : models) {
            KvGeometry kv = model.kv();
            modelEntries.add(new CapacitySweep.ModelPlan(
                    model.name(),
                    model.sizeBytes(),
                    model.contextLength(),
                    model.trainedContextLength(),
                    kv.blockCount(),
                    kv.headCountKv(),
                    kv.keyLength(),
                    kv.valueLength(),
                    kv.bytesPerToken()));
        }
        return new CapacitySweep(
                VERSION,
                capturedAt.toString(),
                settings.sweep().setting(),
                settings.levels(),
                settings.stepDuration().toMillis() / 1000.0,
                new CapacitySweep.StopRule(rule.maxErrorRatio(), rule.latencyGrowth(), rule.minGain(), rule.patience()),
                stopReason.isPresent(),
                stopReason.orElse(""),
                numParallelSetting == null ? "" : numParallelSetting,
                stepEntries,
                modelEntries);
    }
}
