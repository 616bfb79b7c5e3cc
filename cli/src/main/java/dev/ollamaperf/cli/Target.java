package dev.ollamaperf.cli;

import java.util.Map;
import java.util.Objects;

/**
 * The Ollama the load goes to, as the load-tests decide it ({@code dev.ollamaperf.load.run.LoadTarget#resolve}:
 * {@code -Dollama.perf.endpoint}, else {@code OLLAMA_ENDPOINTS} (a fleet) when not blank, else
 * {@code OLLAMA_ENDPOINT} when set, else {@code OLLAMA_HOST}; none or
 * blank means the emulator embedded in each load JVM). {@code perf} needs it before any load JVM runs: for
 * environment.json and the progress lines. The one place in {@code perf} that decides it.
 *
 * @param kind {@code ollama} or {@code emulator}, as environment.json's {@code target.kind}
 * @param endpoint the endpoint as given (a fleet's comma-separated list), or {@code embedded}
 */
public record Target(String kind, String endpoint) {

    /** environment.json's kind of a real Ollama. */
    public static final String OLLAMA = "ollama";
    /** environment.json's kind of the embedded emulator. */
    public static final String EMULATOR = "emulator";
    /** The endpoint of the embedded emulator, as environment.json and the progress lines name it. */
    public static final String EMBEDDED = "embedded";

    public Target {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(endpoint, "endpoint");
    }

    /**
     * Resolves the target.
     *
     * @param env the environment the load JVMs get
     * @param endpointProperty the value of {@code -Dollama.perf.endpoint} given to the load, or {@code null}
     */
    public static Target of(Map<String, String> env, String endpointProperty) {
        String fleet = env.get("OLLAMA_ENDPOINTS");
        String value = endpointProperty != null
                ? endpointProperty
                : fleet != null && !fleet.isBlank()
                        ? fleet
                        : env.containsKey("OLLAMA_ENDPOINT") ? env.get("OLLAMA_ENDPOINT") : env.get("OLLAMA_HOST");
        return value == null || value.isBlank() ? new Target(EMULATOR, EMBEDDED) : new Target(OLLAMA, value.trim());
    }

    /** Returns whether the load goes to the emulator embedded in the load JVM. */
    public boolean embedded() {
        return kind.equals(EMULATOR);
    }
}
