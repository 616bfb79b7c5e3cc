package dev.ollamaperf.gateway;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how the gateway listens.
 *
 * @param bindAddress    address to listen on; loopback by default, anything else only when named explicitly
 * @param port           0..65535; 0 picks a free port
 * @param threads        model requests served at once, 1..4096 (each in-flight model request, streamed or not,
 *                       holds one thread while the client limits what reaches Ollama); default 64. The health
 *                       endpoints have threads of their own ({@link OllamaGateway#HEALTH_THREADS}).
 * @param maxBodyBytes   largest request body accepted, 1 or more (larger: 413); default 8 MiB
 * @param maxConnections connections open at once, 1 or more; one more is answered 503 and closed at once;
 *                       default 1024
 * @param headerTimeout  time from a request's first byte to the end of its headers (then 408 and closed);
 *                       default 10 s
 * @param bodyTimeout    time from the end of a request's headers to the end of its body (then 408 and closed);
 *                       default 30 s
 * @param idleTimeout    time a connection may wait for its next request (from accept, or from the end of the
 *                       previous answer) before it is closed; default 60 s
 * @param token          when not null, every request must carry {@code Authorization: Bearer <token>} (else 401);
 *                       default null (no token)
 */
public record GatewayConfig(
        String bindAddress,
        int port,
        int threads,
        int maxBodyBytes,
        int maxConnections,
        Duration headerTimeout,
        Duration bodyTimeout,
        Duration idleTimeout,
        String token) {

    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    public static final int DEFAULT_PORT = 11435;
    public static final int DEFAULT_THREADS = 64;
    public static final int DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** The environment variable {@link GatewayMain} reads the token from. */
    public static final String TOKEN_VARIABLE = "OLLAMA_GATEWAY_TOKEN";

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
        if (maxConnections < 1) {
            throw new IllegalArgumentException("'--max-connections' must be 1 or more, got: " + maxConnections);
        }
        requirePositive("--header-timeout", headerTimeout);
        requirePositive("--body-timeout", bodyTimeout);
        requirePositive("--idle-timeout", idleTimeout);
        if (token != null && token.isBlank()) {
            throw new IllegalArgumentException("'" + TOKEN_VARIABLE + "' must not be blank when set");
        }
    }

    /** The given address, port, threads and body bound; the default connection bound and timeouts; no token. */
    public GatewayConfig(String bindAddress, int port, int threads, int maxBodyBytes) {
        this(
                bindAddress,
                port,
                threads,
                maxBodyBytes,
                DEFAULT_MAX_CONNECTIONS,
                DEFAULT_HEADER_TIMEOUT,
                DEFAULT_BODY_TIMEOUT,
                DEFAULT_IDLE_TIMEOUT,
                null);
    }

    private static void requirePositive(String flag, Duration value) {
        Objects.requireNonNull(value, flag);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("'" + flag + "' must be more than 0 seconds, got: " + value);
        }
    }

    /** Loopback, a free port, the default threads, body bound, connection bound and timeouts: for tests and embedding. */
    public static GatewayConfig ephemeral() {
        return new GatewayConfig(DEFAULT_BIND_ADDRESS, 0, DEFAULT_THREADS, DEFAULT_MAX_BODY_BYTES);
    }

    /** This configuration with another connection bound. */
    public GatewayConfig withMaxConnections(int n) {
        return new GatewayConfig(
                bindAddress, port, threads, maxBodyBytes, n, headerTimeout, bodyTimeout, idleTimeout, token);
    }

    /** This configuration with other read timeouts. */
    public GatewayConfig withTimeouts(Duration header, Duration body, Duration idle) {
        return new GatewayConfig(bindAddress, port, threads, maxBodyBytes, maxConnections, header, body, idle, token);
    }

    /** This configuration with a bearer token required on every request (null: none). */
    public GatewayConfig withToken(String bearerToken) {
        return new GatewayConfig(
                bindAddress,
                port,
                threads,
                maxBodyBytes,
                maxConnections,
                headerTimeout,
                bodyTimeout,
                idleTimeout,
                bearerToken);
    }

    /** Whether {@link #bindAddress} is a loopback address. */
    public boolean isLoopback() {
        try {
            return InetAddress.getByName(bindAddress).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The settings, with the token only as set or not. */
    @Override
    public String toString() {
        return "bind=" + bindAddress + " port=" + port + " threads=" + threads + " maxBodyBytes=" + maxBodyBytes
                + " maxConnections=" + maxConnections + " headerTimeout=" + seconds(headerTimeout)
                + " bodyTimeout=" + seconds(bodyTimeout) + " idleTimeout=" + seconds(idleTimeout)
                + " token=" + (token == null ? "none" : "set");
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
