package dev.ollamaperf.emulator.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Records the engine's counters; {@link #snapshot} turns them into an immutable {@link EngineStats}.
 * Every method except {@link #recordLateness} and {@link #recordDestructiveCall} is called with the
 * engine lock held; those two are thread-safe on their own (the lateness {@link Recorder} is
 * wait-free, destructive calls are synchronized here).
 */
final class StatsRecorder {

    /** Lateness above this is clamped (a minute late means the machine has stalled). */
    private static final long HIGHEST_LATENESS_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Map<String, Counters> models = new LinkedHashMap<>();
    private final Map<String, Long> faults = new TreeMap<>();
    private final Map<String, Long> destructive = new TreeMap<>();
    private final Recorder lateness = new Recorder(HIGHEST_LATENESS_NANOS, 3);
    private final Histogram latenessTotal = new Histogram(HIGHEST_LATENESS_NANOS, 3);
    private int queueDepth;
    private int maxQueueDepth;
    private long queueFull;

    StatsRecorder(List<ModelProfile> profiles) {
        for (ModelProfile profile : profiles) {
            models.put(profile.name(), new Counters());
        }
    }

    Counters model(String fullName) {
        return models.computeIfAbsent(fullName, name -> new Counters());
    }

    void queueDepth(int depth) {
        queueDepth = depth;
        maxQueueDepth = Math.max(maxQueueDepth, depth);
    }

    void queueFull() {
        queueFull++;
    }

    void fault(String kind) {
        faults.merge(kind, 1L, Long::sum);
    }

    synchronized void recordDestructiveCall(String endpoint) {
        destructive.merge(endpoint, 1L, Long::sum);
    }

    /** @param latenessNanos actual minus intended emission time; negative (early) counts as 0 */
    void recordLateness(long latenessNanos) {
        lateness.recordValue(Math.max(0, Math.min(HIGHEST_LATENESS_NANOS, latenessNanos)));
    }

    void resetPeaks() {
        maxQueueDepth = queueDepth;
        models.values().forEach(c -> c.maxInFlight = c.inFlight);
        lateness.getIntervalHistogram();
        latenessTotal.reset();
    }

    EngineStats snapshot() {
        Map<String, EngineStats.ModelStats> perModel = new LinkedHashMap<>();
        models.forEach((name, c) -> perModel.put(
                name,
                new EngineStats.ModelStats(
                        c.inFlight,
                        c.maxInFlight,
                        c.waitingForSlot,
                        c.requests,
                        c.completed,
                        c.failed,
                        c.loads,
                        c.evictions,
                        c.promptTokens,
                        c.cachedPromptTokens)));
        latenessTotal.add(lateness.getIntervalHistogram());
        EngineStats.SchedulingLateness late = latenessTotal.getTotalCount() == 0
                ? EngineStats.SchedulingLateness.EMPTY
                : new EngineStats.SchedulingLateness(
                        latenessTotal.getTotalCount(),
                        latenessTotal.getValueAtPercentile(50),
                        latenessTotal.getValueAtPercentile(99),
                        latenessTotal.getMaxValue());
        Map<String, Long> destructiveCopy;
        synchronized (this) {
            destructiveCopy = Map.copyOf(destructive);
        }
        return new EngineStats(
                perModel, queueDepth, maxQueueDepth, destructiveCopy, Map.copyOf(faults), queueFull, late);
    }

    /** Mutable counters of one model; see {@link EngineStats.ModelStats} for when each moves. */
    static final class Counters {
        int inFlight;
        int maxInFlight;
        int waitingForSlot;
        long requests;
        long completed;
        long failed;
        long loads;
        long evictions;
        long promptTokens;
        long cachedPromptTokens;

        void promptEvaluated(int tokens, int cached) {
            promptTokens += tokens;
            cachedPromptTokens += cached;
        }

        void slotTaken() {
            inFlight++;
            maxInFlight = Math.max(maxInFlight, inFlight);
        }
    }
}
