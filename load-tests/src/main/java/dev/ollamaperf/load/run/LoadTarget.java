package dev.ollamaperf.load.run;

import dev.ollamaperf.client.config.Endpoint;
import dev.ollamaperf.emulator.Emulator;
import dev.ollamaperf.emulator.EmulatorConfig;
import dev.ollamaperf.emulator.engine.EngineSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;

/**
 * The Ollama a scenario drives: {@code -Dollama.perf.endpoint}, else {@code OLLAMA_ENDPOINT}, else
 * {@code OLLAMA_HOST} when set, else an
 * emulator embedded in this JVM, started here and stopped by {@link #close()}. A non-loopback
 * endpoint is refused unless {@code ollama.perf.allowRemote=true}: load tests are pointed at
 * servers that hold other people's work, and must be pointed there on purpose.
 */
public final class LoadTarget implements AutoCloseable {

    /** Property naming the target; it takes precedence over the environment variables. */
    public static final String ENDPOINT = LoadSettings.PREFIX + "endpoint";

    /** Property that allows a non-loopback target. */
    public static final String ALLOW_REMOTE = LoadSettings.PREFIX + "allowRemote";

    private final URI baseUri;
    private final String kind;
    private final Emulator emulator;

    private LoadTarget(URI baseUri, String kind, Emulator emulator) {
        this.baseUri = baseUri;
        this.kind = kind;
        this.emulator = emulator;
    }

    /**
     * Resolves the target from the environment and properties; starts the emulator if none is set.
     *
     * @throws IllegalArgumentException for a malformed or a non-loopback endpoint not allowed explicitly
     */
    public static LoadTarget resolve(Map<String, String> env, Map<String, String> properties) {
        String setting = properties.containsKey(ENDPOINT) ? ENDPOINT
                : env.containsKey("OLLAMA_ENDPOINT") ? "OLLAMA_ENDPOINT" : "OLLAMA_HOST";
        String value = setting.equals(ENDPOINT) ? properties.get(ENDPOINT) : env.get(setting);
        if (value == null || value.isBlank()) {
            return embeddedEmulator(env);
        }
        Endpoint endpoint = Endpoint.parse(setting, value);
        if (!endpoint.isLoopback() && !Boolean.parseBoolean(properties.get(ALLOW_REMOTE))) {
            throw new IllegalArgumentException("'" + setting + "' points at a non-loopback host (" + endpoint
                    + "); load tests drive it only when you also pass -D" + ALLOW_REMOTE + "=true");
        }
        return new LoadTarget(URI.create(endpoint.baseUrl()), "ollama", null);
    }

    /** An emulator on 127.0.0.1 and a free port, with the engine settings from Ollama's variables. */
    public static LoadTarget embeddedEmulator(Map<String, String> env) {
        try {
            Emulator emulator = Emulator.start(EmulatorConfig.of(EngineSettings.fromEnvironment(env)));
            return new LoadTarget(emulator.baseUri(), "emulator", emulator);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded Ollama emulator: " + e.getMessage(), e);
        }
    }

    /** A target already running at {@code baseUri} (e.g. a test's own emulator). */
    public static LoadTarget at(URI baseUri, String kind) {
        return new LoadTarget(baseUri, kind, null);
    }

    /** Where requests go. */
    public URI baseUri() {
        return baseUri;
    }

    /** "emulator" or "ollama". */
    public String kind() {
        return kind;
    }

    /** Stops the embedded emulator, if this target started one. */
    @Override
    public void close() {
        if (emulator != null) {
            emulator.close();
        }
    }
}
