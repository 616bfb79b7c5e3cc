package dev.ollamaperf.emulator.engine;

/**
 * Receives the output of one {@link GenerationRequest}: zero or more tokens, then exactly one
 * terminal call. Calls for one request are never concurrent. Implementations must not block.
 */
public interface TokenSink {

    /** One generated token, at the moment the engine emits it. The first call marks TTFT. */
    void onToken(String text);

    /** The generation finished normally; carries the final-chunk metrics. */
    void onDone(Completion completion);

    /** The generation failed; see {@link EngineError#afterFirstToken()} for how to report it. */
    void onError(EngineError error);
}
