package dev.ollamaperf.gateway;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * Where and how the gateway listens.
 *
 * @param bindAddress  address to listen on; loopback by default, anything else only when named explicitly
 * @param port         0..65535; 0 picks a free port
 * @param threads      requests served at once, 1..4096 (each in-flight request, streamed or not, holds one thread
 *                     while the client limits what reaches Ollama); default 64
 * @param maxBodyBytes largest request body accepted, 1 or more (larger: 413); default 8 MiB
 */
public record GatewayConfig(String bindAddress, int port, int threads, int maxBodyBytes) {

    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    public static final int DEFAULT_PORT = 11435;
    public static final int DEFAULT_THREADS = 64;
    public static final int DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;

    /** Checks ranges; messages name the setting, the rule and the value. */
    public GatewayConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("'--port' must be between 0 and 65535, got: " + port);
        }
        if (threads < 1 || threads > 4096) {
            throw new IllegalArgumentException("'--threads' must be between 1 and 4096, got: " + threads);
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("'maxBodyBytes' must be 1 or more, got: " + maxBodyBytes);
        }
    }

    /** Loopback, a free port, the default threads and body bound: for tests and embedding. */
    public static GatewayConfig ephemeral() {
        return new GatewayConfig(DEFAULT_BIND_ADDRESS, 0, DEFAULT_THREADS, DEFAULT_MAX_BODY_BYTES);
    }

    /** Whether {@link #bindAddress} is a loopback address. */
    public boolean isLoopback() {
        try {
            return InetAddress.getByName(bindAddress).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "bind=" + bindAddress + " port=" + port + " threads=" + threads + " maxBodyBytes=" + maxBodyBytes;
    }
}
