package dev.ollamaperf.results;

import java.util.List;
import java.util.Objects;

/**
 * The root of {@code <run>/load/sweep.json}, written by the load tests' capacity sweep: how the sweep ran
 * and why it stopped, each step's peak resident memory, and what the memory plan needs per model. A file of
 * its own rather than fields in {@code server.json}, so the formats the gate reads stay as they are.
 *
 * @param version format version, 1
 * @param capturedAt when the sweep ended, ISO-8601 UTC
 * @param sweep {@code concurrency} (closed model, levels are users) or {@code rate} (open model, levels are
 *     arrivals per second)
 * @param levels the planned levels, at least one, each > 0
 * @param stepSeconds planned length of one step, seconds, >= 0
 * @param stopRule when the sweep stops escalating
 * @param stoppedEarly whether the saturation guard stopped the sweep before its last level
 * @param stopReason why it stopped, or empty when it ran every level
 * @param numParallelSetting {@code OLLAMA_NUM_PARALLEL} as the harness saw it, or empty when unset
 * @param steps the steps that ran, in order
 * @param models the memory plan's inputs, one per model driven
 */
public record CapacitySweep(
        int version,
        String capturedAt,
        String sweep,
        List<Double> levels,
        double stepSeconds,
        StopRule stopRule,
        boolean stoppedEarly,
        String stopReason,
        String numParallelSetting,
        List<Step> steps,
        List<ModelPlan> models) {

    /** The format version this code writes and reads. */
    public static final int VERSION = 1;
    /** {@link #sweep()} of a closed-model sweep: levels are concurrent users. */
    public static final String CONCURRENCY = "concurrency";
    /** {@link #sweep()} of an open-model sweep: levels are arrivals per second. */
    public static final String RATE = "rate";

    public CapacitySweep {
        Checks.version(version, "sweep.json");
        Checks.instant(capturedAt, "captured_at");
        Objects.requireNonNull(sweep, "sweep");
        if (!sweep.equals(CONCURRENCY) && !sweep.equals(RATE)) {
            throw new IllegalArgumentException(
                    "'sweep' must be '" + CONCURRENCY + "' or '" + RATE + "', got: " + sweep);
        }
        levels = List.copyOf(Objects.requireNonNull(levels, "levels"));
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("'levels' must name at least one level");
        }
        for (int i = 0; i < levels.size(); i++) {
            Double level = levels.get(i);
            if (level == null || !(level > 0) || level.isInfinite()) {
                throw new IllegalArgumentException("'levels[" + i + "]' must be a finite number > 0, got: " + level);
            }
        }
        Checks.nonNegative(stepSeconds, "step_seconds");
        Objects.requireNonNull(stopRule, "stop_rule");
        Objects.requireNonNull(stopReason, "stop_reason");
        Objects.requireNonNull(numParallelSetting, "num_parallel_setting");
        steps = List.copyOf(Objects.requireNonNull(steps, "steps"));
        models = List.copyOf(Objects.requireNonNull(models, "models"));
    }

    /**
     * The saturation guard's rule, as the sweep ran with it.
     *
     * @param maxErrorRatio failed / sent above which the sweep stops, 0..1
     * @param latencyGrowth median end-to-end latency growth factor between consecutive steps that counts as
     *     growing, >= 0 (the load tests allow 1..1000)
     * @param minGain share of the proportional throughput gain below which more load bought nothing, >= 0 (the
     *     load tests allow 0..1)
     * @param patience saturated steps in a row before the sweep stops, >= 1
     */
    public record StopRule(double maxErrorRatio, double latencyGrowth, double minGain, int patience) {
        public StopRule {
            Checks.nonNegative(maxErrorRatio, "stop_rule.max_error_ratio");
            if (maxErrorRatio > 1) {
                throw new IllegalArgumentException(
                        "'stop_rule.max_error_ratio' must be between 0 and 1, got: " + maxErrorRatio);
            }
            Checks.nonNegative(latencyGrowth, "stop_rule.latency_growth");
            Checks.nonNegative(minGain, "stop_rule.min_gain");
            if (patience < 1) {
                throw new IllegalArgumentException("'stop_rule.patience' must be >= 1, got: " + patience);
            }
        }
    }

    /**
     * One step that ran.
     *
     * @param scenario its scenario in {@code metrics.json}, e.g. {@code capacity_c004} or {@code capacity_r2_5}
     * @param level users or arrivals per second, > 0
     * @param requests requests sent, >= 0
     * @param failures requests that failed, {@code 0..requests}
     * @param seconds the step's window, first send to last answer, >= 0
     * @param e2eP50Ms median end-to-end latency, ms, >= 0 (0 when no request ended whole)
     * @param residentBytes peak {@code /api/ps} size of all models during the step, >= 0
     * @param residentVramBytes peak {@code /api/ps} size_vram of all models during the step, >= 0
     */
    public record Step(
            String scenario,
            double level,
            long requests,
            long failures,
            double seconds,
            double e2eP50Ms,
            long residentBytes,
            long residentVramBytes) {
        public Step {
            Checks.nonBlank(scenario, "steps.scenario");
            if (!(level > 0) || Double.isInfinite(level)) {
                throw new IllegalArgumentException(
                        "step '" + scenario + "' 'level' must be a finite number > 0, got: " + level);
            }
            Checks.nonNegative(requests, "steps.requests");
            Checks.nonNegative(failures, "steps.failures");
            if (failures > requests) {
                throw new IllegalArgumentException(
                        "step '" + scenario + "' 'failures' must be <= requests (" + requests + "), got: " + failures);
            }
            Checks.nonNegative(seconds, "steps.seconds");
            Checks.nonNegative(e2eP50Ms, "steps.e2e_p50_ms");
            Checks.nonNegative(residentBytes, "steps.resident_bytes");
            Checks.nonNegative(residentVramBytes, "steps.resident_vram_bytes");
        }
    }

    /**
     * One model as the memory plan needs it; every number is 0 when the server did not say.
     *
     * @param name full name, e.g. {@code llama3.2:latest}
     * @param sizeBytes {@code /api/tags} size: the weights
     * @param contextLength {@code /api/ps} context_length seen during the run
     * @param trainedContextLength {@code <arch>.context_length} of {@code /api/show}'s {@code model_info}
     * @param blockCount layers ({@code <arch>.block_count})
     * @param headCountKv KV heads per layer
     * @param keyLength key width per head
     * @param valueLength value width per head
     * @param kvBytesPerToken KV-cache bytes per token of context per slot at f16
     */
    public record ModelPlan(
            String name,
            long sizeBytes,
            long contextLength,
            long trainedContextLength,
            long blockCount,
            long headCountKv,
            long keyLength,
            long valueLength,
            long kvBytesPerToken) {
        public ModelPlan {
            Checks.nonBlank(name, "models.name");
            Checks.nonNegative(sizeBytes, "models.size_bytes");
            Checks.nonNegative(contextLength, "models.context_length");
            Checks.nonNegative(trainedContextLength, "models.trained_context_length");
            Checks.nonNegative(blockCount, "models.block_count");
            Checks.nonNegative(headCountKv, "models.head_count_kv");
            Checks.nonNegative(keyLength, "models.key_length");
            Checks.nonNegative(valueLength, "models.value_length");
            Checks.nonNegative(kvBytesPerToken, "models.kv_bytes_per_token");
        }
    }
}
