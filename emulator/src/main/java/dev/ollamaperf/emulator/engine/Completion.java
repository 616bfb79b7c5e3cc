package dev.ollamaperf.emulator.engine;

/**
 * The metrics of a finished inference, as Ollama puts them on the final chunk. Every duration is
 * what the engine actually waited, in nanoseconds.
 *
 * @param doneReason         "stop", "length", "load" or "unload"
 * @param totalNanos         from submission to the final chunk (includes queue and slot wait)
 * @param loadNanos          from submission until a runner was handed over (cold load, and any
 *                           wait in the scheduler queue); about 1-10 ms when warm
 * @param promptEvalCount    prompt tokens
 * @param promptEvalNanos    prefill time
 * @param evalCount          generated tokens
 * @param evalNanos          generation time only (excludes every wait)
 * @param resolvedModel      the full model name, e.g. "llama3.2:latest"
 */
public record Completion(
        String doneReason,
        long totalNanos,
        long loadNanos,
        int promptEvalCount,
        long promptEvalNanos,
        int evalCount,
        long evalNanos,
        String resolvedModel) {}
