package dev.ollamaperf.emulator.engine;

import java.util.Map;
import java.util.Objects;

/**
 * An immutable snapshot of the engine's introspection counters (served at /_emulator/stats).
 * Counters only grow, except the peaks, which {@link InferenceEngine#resetPeaks()} sets back to the
 * current values.
 *
 * @param models                 per full model name (every catalogue model, touched or not)
 * @param schedulerQueueDepth    requests waiting in the scheduler queue (loads, reloads, evictions);
 *                               the one the scheduler is working on is not counted
 * @param maxSchedulerQueueDepth the largest depth seen
 * @param destructiveCalls       calls to pull/push/create/copy/delete, by endpoint
 * @param injectedFaults         faults injected, by kind (error, busy, stall, drop, slowload, spike);
 *                               a kind moves when the fault takes effect
 * @param queueFullRejections    real 503s because the scheduler queue was full (injected busy
 *                               faults are counted in {@code injectedFaults} instead)
 * @param schedulingLateness     how late the engine's timers delivered tokens and final chunks
 */
public record EngineStats(
        Map<String, ModelStats> models,
        int schedulerQueueDepth,
        int maxSchedulerQueueDepth,
        Map<String, Long> destructiveCalls,
        Map<String, Long> injectedFaults,
        long queueFullRejections,
        SchedulingLateness schedulingLateness) {

    public EngineStats {
        models = Map.copyOf(Objects.requireNonNull(models, "models"));
        destructiveCalls = Map.copyOf(Objects.requireNonNull(destructiveCalls, "destructiveCalls"));
        injectedFaults = Map.copyOf(Objects.requireNonNull(injectedFaults, "injectedFaults"));
        Objects.requireNonNull(schedulingLateness, "schedulingLateness");
    }

    /**
     * Counters of one model. {@code requests} moves at submission (including requests later refused
     * with 503); {@code completed} on {@code onDone}; {@code failed} on {@code onError} (including
     * injected faults, 503s and cancellations); {@code loads} when a load (cold or reload) starts;
     * {@code evictions} when the model is unloaded to make room for another or for a reload;
     * {@code promptTokens} and {@code cachedPromptTokens} when a request takes a slot (embedding
     * requests too, with nothing cached), so {@code cachedPromptTokens / promptTokens} is the
     * prompt cache's hit share.
     *
     * @param inFlight       requests holding a slot right now (prefilling or decoding)
     * @param maxInFlight    the most seen holding a slot at once (since start or the last peak reset)
     * @param waitingForSlot requests waiting for a parallel slot
     * @param requests       requests accepted for this model
     * @param completed      finished with done:true
     * @param failed         ended with an error (including injected faults and cancellations)
     * @param loads          cold loads and reloads
     * @param evictions      unloads to make room
     * @param promptTokens   prompt tokens of the requests that took a slot (their prompt_eval_count)
     * @param cachedPromptTokens the part of them reused from a slot's cache, which cost no prefill time
     */
    public record ModelStats(
            int inFlight,
            int maxInFlight,
            int waitingForSlot,
            long requests,
            long completed,
            long failed,
            long loads,
            long evictions,
            long promptTokens,
            long cachedPromptTokens) {}

    /**
     * The engine's own timer lateness: the time a token (or final chunk) was handed to its sink
     * minus the time it was meant to be, from an HdrHistogram with 3 significant digits. High values
     * mean the machine could not keep up and reported speeds are lower than the profile's.
     *
     * @param count     timed emissions recorded
     * @param p50Nanos  median lateness
     * @param p99Nanos  99th percentile
     * @param maxNanos  the largest
     */
    public record SchedulingLateness(long count, long p50Nanos, long p99Nanos, long maxNanos) {
        /** Nothing recorded. */
        public static final SchedulingLateness EMPTY = new SchedulingLateness(0, 0, 0, 0);
    }
}
