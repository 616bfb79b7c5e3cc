package dev.ollamaperf.emulator.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/*
 * Implementation notes.
 *
 * Model (docs/ollama-api.md §3.2-§3.7, v0.32.15). A request whose model has a runner that is
 * loading or ready with the same num_ctx attaches to it at once (it never enters the scheduler
 * queue, so OLLAMA_MAX_QUEUE does not limit it): it takes a reference, waits for the load if there
 * is one, then waits FIFO without bound for one of the runner's slots. Any other request enters the
 * one global FIFO queue (capacity maxQueue; full => 503). pump() is Ollama's processPending loop: it
 * takes one request at a time ("current") and either hands it a runner, evicts (an idle runner at
 * once; else it marks the shortest-keep-alive runner DRAINING and waits for its references to reach
 * zero), or starts a load and waits for it. While it waits (awaitingUnload / loading non-null) the
 * whole queue waits: one load at a time. A DRAINING runner takes no new requests; they queue.
 *
 * Threads. Every field here, in Runner and in Job is guarded by the engine's single lock. Three
 * kinds of threads take it: callers (submit, cancel, stats, loadedModels; e.g. Netty event loops)
 * and two timer threads: the executor's (load completion, idle expiry) and TokenDeadlines' (prefill
 * end, tokens: all that are due in one go under one acquisition of the lock). Sinks are called
 * with the lock held, which is what keeps one request's callbacks ordered and never concurrent;
 * the TokenSink contract says they must not block. The lock is reentrant, so a sink may cancel its
 * own request from inside a callback; code that calls a sink re-checks the job's state afterwards.
 *
 * Races. Cancel vs. token: both run under the lock; cancel moves the job to FINISHED and bumps its
 * timer epoch, so a token timer that was already due finds a stale epoch and does nothing. Unload
 * vs. new request: unload() removes the runner from `runners` under the lock before anything else
 * can look, so a later request queues for a fresh load; an idle-expiry timer carries an epoch and
 * re-checks refCount == 0, so a request that attached after the timer was due keeps the model. A
 * load completion always runs after its timer; a closed engine ignores it.
 *
 * Re-entrancy: releasing a reference can unload a runner, which resumes pump(), which can hand a
 * load-only request its completion; pump() guards against nesting with `pumping`.
 */

/** Ollama's scheduler: queue, loads, evictions, keep-alive, slots. Guarded by the engine lock. */
final class Scheduler {

    private final EngineSettings settings;
    private final ScheduledExecutorService timer;
    private final TokenDeadlines tokenDeadlines;
    private final Lock lock;
    private final StatsRecorder stats;
    private final FaultInjector faults;
    private final TokenTimer tokenTimer;

    private final Map<String, Runner> runners = new LinkedHashMap<>();
    private final ArrayDeque<Job> queue = new ArrayDeque<>();
    private final Set<Job> live = new LinkedHashSet<>();
    private Job current;
    private Runner awaitingUnload;
    private Runner loading;
    private boolean pumping;
    private boolean closed;

    Scheduler(
            EngineSettings settings,
            ScheduledExecutorService timer,
            ReentrantLock lock,
            StatsRecorder stats,
            FaultInjector faults) {
        this.settings = settings;
        this.timer = timer;
        this.lock = lock;
        this.stats = stats;
        this.faults = faults;
        this.tokenDeadlines = new TokenDeadlines(lock, settings.nanoClock());
        this.tokenTimer = new TokenTimer(this, tokenDeadlines, settings.nanoClock(), stats, faults);
    }

    // ---- entry points (lock held by the caller) ----

    void submit(Job job, FaultInjector.Verdict verdict) {
        live.add(job);
        stats.model(job.profile.name()).requests++;
        if (closed) {
            fail(job, new EngineError(500, "server is shutting down", false, false));
        } else if (verdict == FaultInjector.Verdict.BUSY) {
            stats.fault("busy");
            fail(job, new EngineError(503, FaultInjector.SERVER_BUSY, false, false));
        } else if (verdict == FaultInjector.Verdict.FAIL) {
            stats.fault("fail");
            fail(job, new EngineError(500, FaultPlan.INJECTED_ERROR_MESSAGE, false, false));
        } else if (verdict == FaultInjector.Verdict.ERROR) {
            stats.fault("error");
            fail(job, new EngineError(500, FaultPlan.INJECTED_ERROR_MESSAGE, false, false));
        } else if (job.request.kind() == GenerationRequest.Kind.UNLOAD) {
            requestUnload(job.profile.name());
            complete(job, new Completion("unload", 0, 0, 0, 0, 0, 0, job.profile.name()));
        } else {
            Runner runner = runners.get(job.profile.name());
            if (runner != null && runner.usableFor(job)) {
                attach(job, runner);
            } else {
                enqueue(job);
            }
        }
    }

    void cancel(Job job) {
        if (!job.isFinished()) {
            fail(job, new EngineError(499, "request canceled", job.emitted > 0, false));
        }
    }

    List<LoadedModel> loadedModels() {
        Instant now = settings.wallClock().instant();
        List<LoadedModel> result = new ArrayList<>();
        for (Runner runner : runners.values()) {
            result.add(runner.describe(now));
        }
        result.sort(Comparator.comparing(LoadedModel::expiresAt).reversed());
        return result;
    }

    void close() {
        closed = true;
        for (Job job : new ArrayList<>(live)) {
            fail(job, new EngineError(500, "server is shutting down", job.emitted > 0, false));
        }
        runners.values().forEach(Runner::cancelExpiry);
        tokenDeadlines.close();
    }

    // ---- terminal calls (also used by the TokenTimer) ----

    void complete(Job job, Completion completion) {
        if (job.isFinished()) {
            return;
        }
        end(job);
        stats.model(job.profile.name()).completed++;
        try {
            job.sink.onDone(completion);
        } catch (RuntimeException ignored) {
            // the request is over either way; a sink that throws has lost its client
        }
    }

    void fail(Job job, EngineError error) {
        if (job.isFinished()) {
            return;
        }
        end(job);
        stats.model(job.profile.name()).failed++;
        try {
            job.sink.onError(error);
        } catch (RuntimeException ignored) {
            // as above
        }
    }

    /** Hands a token (thinking or answer) to the sink; a sink that throws is treated as a client that went away. */
    void deliverToken(Job job, String text, boolean thinking) {
        try {
            if (thinking) {
                job.sink.onThinking(text);
            } else {
                job.sink.onToken(text);
            }
        } catch (RuntimeException e) {
            if (!job.isFinished()) {
                end(job);
                stats.model(job.profile.name()).failed++;
            }
        }
    }

    /** Releases whatever the job holds (queue place, load wait, slot wait, slot) and marks it finished. */
    private void end(Job job) {
        Job.State state = job.state;
        job.state = Job.State.FINISHED;
        live.remove(job);
        switch (state) {
            case QUEUED:
                queue.remove(job);
                stats.queueDepth(queue.size());
                break;
            case LOAD_WAIT:
                job.runner.loadWaiters.remove(job);
                release(job.runner);
                break;
            case SLOT_WAIT:
                job.runner.slotQueue.remove(job);
                stats.model(job.profile.name()).waitingForSlot--;
                release(job.runner);
                break;
            case PREFILL:
            case DECODE:
                job.runner.leave(job, tokenTimer, stats.model(job.profile.name()));
                release(job.runner);
                break;
            default:
                // NEW: nothing held; SCHEDULING: pump() skips a finished current
                break;
        }
    }

    // ---- runners: references, slots, keep-alive ----

    private void attach(Job job, Runner runner) {
        runner.refCount++;
        runner.cancelExpiry();
        job.runner = runner;
        Duration keepAlive = job.keepAlive();
        if (keepAlive != null) {
            runner.sessionDuration = keepAlive;
        }
        if (runner.state == Runner.State.LOADING) {
            job.state = Job.State.LOAD_WAIT;
            runner.loadWaiters.add(job);
        } else {
            handOver(job);
        }
    }

    /** The runner is ready for the job: load_duration ends here. */
    private void handOver(Job job) {
        Runner runner = job.runner;
        job.loadNanos = settings.nanoClock().getAsLong() - job.submittedNanos;
        if (job.request.kind() == GenerationRequest.Kind.LOAD) {
            job.state = Job.State.LOAD_WAIT;
            complete(job, new Completion("load", 0, 0, 0, 0, 0, 0, job.profile.name()));
        } else if (job.prompt.error() != null) {
            // Ollama refuses a prompt that does not fit once the runner is up (docs/ollama-api.md §3.7)
            job.state = Job.State.LOAD_WAIT;
            fail(job, job.prompt.error());
        } else {
            runner.admit(job, tokenTimer, stats.model(job.profile.name()));
        }
    }

    private void release(Runner runner) {
        runner.refCount--;
        if (runner.refCount == 0) {
            onIdle(runner);
        }
    }

    /** Reference count reached zero: unload now, or start the idle timer (docs/ollama-api.md §3.6). */
    private void onIdle(Runner runner) {
        if (runner.state == Runner.State.LOADING || runner.state == Runner.State.UNLOADED || closed) {
            return;
        }
        if (runner.state == Runner.State.DRAINING || runner.sessionDuration.isZero()) {
            unload(runner);
            return;
        }
        Instant now = settings.wallClock().instant();
        runner.expiresAt = now.plus(runner.sessionDuration);
        if (!runner.sessionDuration.equals(GoDuration.FOREVER)) {
            long epoch = ++runner.expiryEpoch;
            runner.expiryTimer =
                    timer.schedule(() -> expire(runner, epoch), runner.sessionDuration.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void expire(Runner runner, long epoch) {
        lock.lock();
        try {
            if (runner.expiryEpoch == epoch && runner.refCount == 0 && runner.state == Runner.State.READY && !closed) {
                runner.expiryTimer = null;
                unload(runner);
            }
        } finally {
            lock.unlock();
        }
    }

    /** keep_alive 0 with an empty prompt: unload as soon as the model has no requests in flight. */
    private void requestUnload(String name) {
        Runner runner = runners.get(name);
        if (runner == null) {
            return;
        }
        runner.sessionDuration = Duration.ZERO;
        if (runner.refCount == 0 && runner.state == Runner.State.READY) {
            unload(runner);
        }
    }

    private void unload(Runner runner) {
        if (runner.state == Runner.State.UNLOADED) {
            return;
        }
        if (runner.state == Runner.State.DRAINING) {
            stats.model(runner.name()).evictions++;
        }
        runner.state = Runner.State.UNLOADED;
        runner.cancelExpiry();
        runners.remove(runner.name(), runner);
        if (awaitingUnload == runner) {
            awaitingUnload = null;
        }
        pump();
    }

    // ---- the scheduler queue (Ollama's pendingReqCh and processPending) ----

    private void enqueue(Job job) {
        boolean busy = current != null || awaitingUnload != null || loading != null || !queue.isEmpty();
        if (busy && queue.size() >= settings.maxQueue()) {
            stats.queueFull();
            fail(job, new EngineError(503, FaultInjector.SERVER_BUSY, false, false));
            return;
        }
        job.state = Job.State.QUEUED;
        queue.add(job);
        stats.queueDepth(queue.size());
        pump();
    }

    private void pump() {
        if (pumping || closed) {
            return;
        }
        pumping = true;
        try {
            while (awaitingUnload == null && loading == null) {
                if (current == null) {
                    current = queue.poll();
                    stats.queueDepth(queue.size());
                    if (current == null) {
                        return;
                    }
                    current.state = Job.State.SCHEDULING;
                }
                if (current.isFinished()) {
                    current = null;
                } else {
                    step();
                }
            }
        } finally {
            pumping = false;
        }
    }

    /** One round of processPending for {@code current}. */
    private void step() {
        Job job = current;
        Runner existing = runners.get(job.profile.name());
        if (existing != null && existing.usableFor(job)) {
            current = null;
            attach(job, existing);
        } else if (existing != null) {
            evict(existing);
        } else if (runners.size() >= settings.effectiveMaxLoadedModels()) {
            evict(chooseVictim());
        } else {
            current = null;
            startLoad(job);
        }
    }

    /**
     * Ollama's findRunnerToUnload: by keep-alive, shortest first, then by name; the first idle one,
     * else the first one (which is then drained).
     */
    private Runner chooseVictim() {
        List<Runner> candidates = new ArrayList<>(runners.values());
        candidates.sort(Comparator.comparing((Runner r) -> r.sessionDuration).thenComparing(Runner::name));
        return candidates.stream().filter(r -> r.refCount == 0).findFirst().orElse(candidates.get(0));
    }

    /** Stops new assignments to the runner and unloads it once its in-flight requests are done. */
    private void evict(Runner runner) {
        runner.state = Runner.State.DRAINING;
        runner.sessionDuration = Duration.ZERO;
        runner.cancelExpiry();
        if (runner.refCount == 0) {
            unload(runner);
        } else {
            awaitingUnload = runner;
        }
    }

    private void startLoad(Job job) {
        ModelProfile profile = job.profile;
        int slots = profile.isEmbedding() ? 1 : settings.numParallel();
        Duration keepAlive = job.keepAlive() != null ? job.keepAlive() : settings.defaultKeepAlive();
        Runner runner =
                new Runner(profile, job.numCtx, job.request.prompt().shift(), slots, keepAlive, settings.promptCache());
        runners.put(profile.name(), runner);
        loading = runner;
        stats.model(profile.name()).loads++;
        Duration loadTime = profile.loadTime();
        Duration slowed = faults.slowLoad(loadTime);
        if (slowed != null) {
            stats.fault("slowload");
            loadTime = slowed;
        }
        timer.schedule(() -> loadDone(runner), loadTime.toNanos(), TimeUnit.NANOSECONDS);
        attach(job, runner);
    }

    private void loadDone(Runner runner) {
        lock.lock();
        try {
            if (loading == runner) {
                loading = null;
            }
            if (closed || runner.state != Runner.State.LOADING) {
                return;
            }
            runner.state = Runner.State.READY;
            List<Job> waiters = new ArrayList<>(runner.loadWaiters);
            runner.loadWaiters.clear();
            for (Job job : waiters) {
                if (!job.isFinished()) {
                    handOver(job);
                }
            }
            if (runner.refCount == 0) {
                onIdle(runner);
            }
            pump();
        } finally {
            lock.unlock();
        }
    }
}
