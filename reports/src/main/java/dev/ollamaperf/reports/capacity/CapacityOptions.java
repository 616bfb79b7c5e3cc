package dev.ollamaperf.reports.capacity;

import java.util.List;
import java.util.Objects;

/**
 * What the capacity analysis is asked for.
 *
 * @param objectives     latency objectives every step is checked against (may be empty)
 * @param maxErrorRatio  failed / sent a step may have and still count, 0..1
 * @param targetRpm      requests per minute the nodes must serve, 0 when not asked
 * @param memoryBytes    RAM/VRAM the models must fit in, 0 when not asked
 * @param cacheType      {@code OLLAMA_KV_CACHE_TYPE} to plan for
 * @param numParallel    the server's {@code OLLAMA_NUM_PARALLEL} during the sweep, 0 when unknown
 * @param defaultContext num_ctx for models whose context was not seen
 * @param kneeShare      see {@link Knee}
 * @param fitPoints      steps the queueing model is fitted on
 */
public record CapacityOptions(
        List<Objective> objectives,
        double maxErrorRatio,
        double targetRpm,
        long memoryBytes,
        KvCacheType cacheType,
        int numParallel,
        long defaultContext,
        double kneeShare,
        int fitPoints) {

    public CapacityOptions {
        objectives = List.copyOf(objectives);
        Objects.requireNonNull(cacheType, "cacheType");
        if (!(maxErrorRatio >= 0 && maxErrorRatio <= 1)) {
            throw new IllegalArgumentException("'--max-error-ratio' must be between 0 and 1, got: " + maxErrorRatio);
        }
        if (!(targetRpm >= 0) || Double.isInfinite(targetRpm)) {
            throw new IllegalArgumentException("'--target-rpm' must be >= 0, got: " + targetRpm);
        }
        if (memoryBytes < 0 || numParallel < 0 || defaultContext < 1) {
            throw new IllegalArgumentException(
                    "'--memory' and '--num-parallel' must be >= 0 and '--context' >= 1, got: " + memoryBytes + ", "
                            + numParallel + ", " + defaultContext);
        }
        if (fitPoints < 1) {
            throw new IllegalArgumentException("'--fit-points' must be >= 1, got: " + fitPoints);
        }
    }

    /** No objectives, 1% errors allowed, nothing else asked. */
    public static CapacityOptions defaults() {
        return new CapacityOptions(
                List.of(), 0.01, 0, 0, KvCacheType.F16, 0, 4096, Knee.DEFAULT_SHARE, QueueingModel.DEFAULT_FIT_POINTS);
    }
}
