package dev.ollamaperf.emulator.engine;

/** Creates the emulated engine. */
public final class Engines {

    /**
     * The Ollama release whose scheduling semantics the engine implements (docs/ollama-api.md: warm
     * requests skip the scheduler queue, one parallel slot by default); reported by /api/version.
     */
    public static final String EMULATED_OLLAMA_VERSION = "0.32.15";

    private Engines() {}

    /**
     * Starts an engine with its timer thread.
     *
     * @param settings what to emulate
     * @return a running engine; close it to stop its thread
     */
    public static InferenceEngine create(EngineSettings settings) {
        return new EmulatedEngine(settings);
    }
}
