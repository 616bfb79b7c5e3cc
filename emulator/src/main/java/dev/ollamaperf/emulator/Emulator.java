package dev.ollamaperf.emulator;

import dev.ollamaperf.emulator.engine.Engines;
import dev.ollamaperf.emulator.engine.InferenceEngine;
import dev.ollamaperf.emulator.http.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;

/**
 * A running Ollama emulator: the engine plus its HTTP server. Embed it in a test with
 * {@code try (Emulator emulator = Emulator.start(EmulatorConfig.defaults())) { ... }} and point
 * the client at {@link #baseUri()}.
 */
public final class Emulator implements AutoCloseable {

    private final InferenceEngine engine;
    private final HttpServer server;
    private final EmulatorConfig config;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private Emulator(InferenceEngine engine, HttpServer server, EmulatorConfig config) {
        this.engine = engine;
        this.server = server;
        this.config = config;
    }

    /**
     * Starts the engine and binds the server.
     *
     * @param config where to listen and what to emulate
     * @return the running emulator; close it to stop both
     * @throws IOException when the address cannot be bound (e.g. the port is in use)
     */
    public static Emulator start(EmulatorConfig config) throws IOException {
        Objects.requireNonNull(config, "config");
        InferenceEngine engine = Engines.create(config.engine());
        try {
            InetSocketAddress address =
                    new InetSocketAddress(InetAddress.getByName(config.bindAddress()), config.port());
            HttpServer server = HttpServer.start(
                    address,
                    config.maxRequestBodyBytes(),
                    engine,
                    Engines.EMULATED_OLLAMA_VERSION,
                    config.engine().wallClock());
            return new Emulator(engine, server, config);
        } catch (IOException | RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    /** The port it listens on (the real one when 0 was asked for). */
    public int port() {
        return server.localAddress().getPort();
    }

    /** {@code http://host:port} to send requests to; loopback when bound to every interface. */
    public URI baseUri() {
        InetAddress address = server.localAddress().getAddress();
        String host = address.isAnyLocalAddress() ? "127.0.0.1" : address.getHostAddress();
        if (host.indexOf(':') >= 0) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port());
    }

    /**
     * Where it listens, as a person should read it: the URL when bound to one address; for every interface
     * ({@code 0.0.0.0}, {@code ::}) the port, then the URL that works from this machine.
     */
    public String listening() {
        InetAddress address = server.localAddress().getAddress();
        if (!address.isAnyLocalAddress()) {
            return baseUri().toString();
        }
        // 0.0.0.0 and :: read alike: a dual-stack socket bound to 0.0.0.0 reports itself as ::.
        return "every interface, port " + port() + " (from this machine: " + baseUri() + ")";
    }

    /** The engine, for tests that read its stats. */
    public InferenceEngine engine() {
        return engine;
    }

    /** The configuration it was started with. */
    public EmulatorConfig config() {
        return config;
    }

    /** Stops the server (closing every connection), then the engine. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            server.close();
        } finally {
            engine.close();
        }
    }
}
