package dev.ollamaperf.emulator.engine;

import java.util.List;

/**
 * The emulated Ollama server behind the HTTP layer: model catalogue, scheduler, runners and
 * fault injection. The HTTP layer parses a request, validates it, and hands it here; the engine
 * decides when each token is emitted and reports what it actually waited.
 *
 * <p>Thread model: callbacks of one {@link TokenSink} are never concurrent with each other, but
 * arrive on engine threads; sinks must not block. The engine calls sinks while holding its own
 * lock (that is what orders them), so a sink must not wait for another thread that is itself
 * calling the engine; calling the engine from inside a callback (e.g. {@code cancel()}) is fine.
 */
public interface InferenceEngine extends AutoCloseable {

    /**
     * Starts one inference (generate, chat, embed, load-only or unload request).
     *
     * @param request what to run; the model must already be known to {@link #catalogue()}
     * @param sink    receives tokens, then exactly one of {@code onDone} or {@code onError}
     * @return a handle whose {@link Generation#cancel()} stops it and frees its slot or queue place;
     *         the sink then gets {@code onError} with status 499 "request canceled" (if it had no
     *         terminal call yet)
     * @throws IllegalArgumentException "model 'x' not found" when the catalogue lacks the model
     */
    Generation submit(GenerationRequest request, TokenSink sink);

    /** The models the server holds (what {@code /api/tags} lists). */
    ModelCatalogue catalogue();

    /** Models resident right now, latest expiry first (what {@code /api/ps} lists). */
    List<LoadedModel> loadedModels();

    /** An immutable snapshot of the introspection counters. */
    EngineStats stats();

    /** Records a call to a destructive endpoint (pull, push, create, copy, delete). */
    void recordDestructiveCall(String endpoint);

    /**
     * Sets the peak counters ({@code maxInFlight}, {@code maxSchedulerQueueDepth}) back to the current
     * values and clears the scheduling-lateness histogram, so a test or benchmark phase sees only
     * its own peaks. Engines without peaks do nothing.
     */
    default void resetPeaks() {}

    /** Stops timers and threads; in-flight generations end with an error. */
    @Override
    void close();
}
