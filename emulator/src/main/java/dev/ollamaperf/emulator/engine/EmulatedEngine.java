package dev.ollamaperf.emulator.engine;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The engine: one lock, two timer threads, a {@link Scheduler} (see its implementation notes).
 *
 * <p>Why one {@link ScheduledThreadPoolExecutor} thread for loads and idle expiries, and one
 * {@link TokenDeadlines} thread for every slot's prefill end and tokens: every state change happens
 * under one lock anyway, so more timer threads would only wait for it. Both park until the earliest
 * nanoTime deadline in a heap (O(log n) per event, no thread or sleep per stream), which is precise
 * to tens of microseconds on Linux; the token thread runs every deadline that is due in one
 * acquisition of the lock (see {@link TokenDeadlines} for why it is not the executor). Netty's
 * HashedWheelTimer would add up to a tick (default 100 ms, in practice at least 1 ms) of lateness to
 * every token, the same order as a tiny profile's whole token interval. The lateness that remains is
 * recorded ({@link EngineStats#schedulingLateness()}), so a run on an overloaded machine shows it.
 */
final class EmulatedEngine implements InferenceEngine {

    private final EngineSettings settings;
    private final ReentrantLock lock = new ReentrantLock();
    private final ScheduledThreadPoolExecutor timer;
    private final StatsRecorder stats;
    private final FaultInjector faults;
    private final Scheduler scheduler;
    private long submitted;

    EmulatedEngine(EngineSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        ThreadFactory threads = runnable -> {
            Thread thread = new Thread(runnable, "ollama-emulator-timer");
            thread.setDaemon(true);
            return thread;
        };
        this.timer = new ScheduledThreadPoolExecutor(1, threads);
        this.timer.setRemoveOnCancelPolicy(true);
        this.stats = new StatsRecorder(settings.catalogue().all());
        this.faults = new FaultInjector(
                settings.faults(), settings.seed(), settings.nanoClock().getAsLong());
        this.scheduler = new Scheduler(settings, timer, lock, stats, faults);
    }

    @Override
    public Generation submit(GenerationRequest request, TokenSink sink) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(sink, "sink");
        ModelProfile profile = settings.catalogue()
                .find(request.requestedModel())
                .orElseThrow(() -> new IllegalArgumentException("model '" + request.requestedModel() + "' not found"));
        long now = settings.nanoClock().getAsLong();
        int requested = request.numCtx() == 0 ? settings.effectiveContextLength() : request.numCtx();
        int numCtx = Math.max(4, Math.min(profile.trainedContextLength(), requested));
        lock.lock();
        try {
            FaultInjector.Verdict verdict = FaultInjector.Verdict.PROCEED;
            Job.Faults midStream = Job.Faults.NONE;
            GenerationRequest.Kind kind = request.kind();
            if (kind == GenerationRequest.Kind.GENERATE || kind == GenerationRequest.Kind.EMBED) {
                verdict = faults.admit(now, profile.name());
                midStream = faults.midStream(kind);
            }
            Job job = new Job(this, ++submitted, request, profile, sink, now, numCtx, settings.seed(), midStream);
            scheduler.submit(job, verdict);
            return job;
        } finally {
            lock.unlock();
        }
    }

    void cancel(Job job) {
        lock.lock();
        try {
            scheduler.cancel(job);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public ModelCatalogue catalogue() {
        return settings.catalogue();
    }

    @Override
    public List<LoadedModel> loadedModels() {
        lock.lock();
        try {
            return scheduler.loadedModels();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public EngineStats stats() {
        lock.lock();
        try {
            return stats.snapshot();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void recordDestructiveCall(String endpoint) {
        stats.recordDestructiveCall(Objects.requireNonNull(endpoint, "endpoint"));
    }

    @Override
    public void resetPeaks() {
        lock.lock();
        try {
            stats.resetPeaks();
        } finally {
            lock.unlock();
        }
    }

    /** The settings this engine runs with. */
    EngineSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            scheduler.close();
        } finally {
            lock.unlock();
        }
        timer.shutdownNow();
    }
}
