package dev.ollamaperf.emulator;

import dev.ollamaperf.emulator.engine.EngineSettings;
import java.util.Map;
import java.util.Objects;

/**
 * How to run an {@link Emulator}: where to listen, how large a request body may be, and the
 * engine's settings.
 *
 * @param bindAddress         address to listen on; loopback by default
 * @param port                0..65535; 0 picks a free port
 * @param maxRequestBodyBytes 1 or more; a larger body is refused with 413
 * @param engine              scheduler, catalogue and faults
 */
public record EmulatorConfig(String bindAddress, int port, int maxRequestBodyBytes, EngineSettings engine) {

    /** Default bind address: loopback only. */
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    /** Default port for embedded use: any free port. */
    public static final int DEFAULT_PORT = 0;
    /** Default request body bound: 8 MiB (a long prompt or a few images). */
    public static final int DEFAULT_MAX_REQUEST_BODY_BYTES = 8 * 1024 * 1024;

    public EmulatorConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(engine, "engine");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("'port' must be between 0 and 65535, got: " + port);
        }
        if (maxRequestBodyBytes < 1) {
            throw new IllegalArgumentException("'maxRequestBodyBytes' must be 1 or more, got: " + maxRequestBodyBytes);
        }
    }

    /** Loopback, a free port, 8 MiB bodies, the engine's defaults (built-in catalogue, no faults). */
    public static EmulatorConfig defaults() {
        return of(EngineSettings.defaults());
    }

    /** Loopback, a free port, 8 MiB bodies, the given engine settings. */
    public static EmulatorConfig of(EngineSettings engine) {
        return new EmulatorConfig(DEFAULT_BIND_ADDRESS, DEFAULT_PORT, DEFAULT_MAX_REQUEST_BODY_BYTES, engine);
    }

    /**
     * Reads Ollama's variables: {@code OLLAMA_HOST} for the address and port (as Ollama parses
     * it, default 127.0.0.1:11434), and the engine's variables (see
     * {@link EngineSettings#fromEnvironment(Map)}).
     *
     * @param env e.g. {@code System.getenv()}
     */
    public static EmulatorConfig fromEnvironment(Map<String, String> env) {
        OllamaHost host = OllamaHost.parse(env.get(OllamaHost.VARIABLE));
        return new EmulatorConfig(
                host.host(), host.port(), DEFAULT_MAX_REQUEST_BODY_BYTES, EngineSettings.fromEnvironment(env));
    }

    /** A copy listening elsewhere. */
    public EmulatorConfig withAddress(String newBindAddress, int newPort) {
        return new EmulatorConfig(newBindAddress, newPort, maxRequestBodyBytes, engine);
    }

    /** A copy with other engine settings. */
    public EmulatorConfig withEngine(EngineSettings newEngine) {
        return new EmulatorConfig(bindAddress, port, maxRequestBodyBytes, newEngine);
    }

    @Override
    public String toString() {
        return "bind=" + bindAddress + " port=" + port + " maxRequestBodyBytes=" + maxRequestBodyBytes + " " + engine;
    }
}
