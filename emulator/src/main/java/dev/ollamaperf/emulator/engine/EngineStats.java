package dev.ollamaperf.emulator.engine;

import java.util.Map;

/**
 * An immutable snapshot of the engine's introspection counters (served at /_emulator/stats).
 *
 * @param models                 per full model name
 * @param schedulerQueueDepth    requests waiting in the scheduler queue (loads, reloads, evictions)
 * @param maxSchedulerQueueDepth the largest depth seen
 * @param destructiveCalls       calls to pull/push/create/copy/delete, by endpoint
 * @param injectedFaults         faults injected, by kind
 */
public record EngineStats(
        Map<String, ModelStats> models,
        int schedulerQueueDepth,
        int maxSchedulerQueueDepth,
        Map<String, Long> destructiveCalls,
        Map<String, Long> injectedFaults) {

    /**
     * Counters of one model.
     *
     * @param inFlight       requests decoding right now (holding a slot)
     * @param maxInFlight    the most seen decoding at once
     * @param waitingForSlot requests waiting for a parallel slot
     * @param requests       requests accepted for this model
     * @param completed      finished with done:true
     * @param failed         ended with an error (including injected faults and cancellations)
     * @param loads          cold loads and reloads
     * @param evictions      unloads to make room
     */
    public record ModelStats(int inFlight, int maxInFlight, int waitingForSlot, long requests,
                             long completed, long failed, long loads, long evictions) {
    }
}
