package dev.ollamaperf.emulator.engine;

/**
 * Receives the output of one {@link GenerationRequest}: zero or more thinking tokens, zero or more answer tokens, then exactly one
 * terminal call. Calls for one request are never concurrent. Implementations must not block.
 */
public interface TokenSink {

    /** One generated token of the answer, at the moment the engine emits it. The first call marks TTFT. */
    void onToken(String text);

    /**
     * One generated thinking token ({@code think}, docs/ollama-api.md §1.7), at the moment the engine emits
     * it; every thinking token of a request comes before its first {@link #onToken}.
     */
    void onThinking(String text);

    /** The generation finished normally; carries the final-chunk metrics. */
    void onDone(Completion completion);

    /** The generation failed; see {@link EngineError#afterFirstToken()} for how to report it. */
    void onError(EngineError error);
}
