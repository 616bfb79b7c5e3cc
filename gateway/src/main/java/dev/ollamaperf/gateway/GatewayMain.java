package dev.ollamaperf.gateway;

import dev.ollamaperf.client.OllamaClient;
import dev.ollamaperf.client.cache.CacheConfig;
import dev.ollamaperf.client.cache.CacheEnvironment;
import dev.ollamaperf.client.cache.ResponseCache;
import dev.ollamaperf.client.cache.WarningSink;
import dev.ollamaperf.client.config.OllamaClientConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar gateway/target/ollama-perf-gateway.jar [--port N] [--bind ADDR] [--threads N] ...}: serves the
 * integration as an Ollama-compatible proxy. The client and its cache are configured from the same environment
 * variables as in production ({@code OLLAMA_ENDPOINT}/{@code OLLAMA_HOST}, {@code OLLAMA_MAX_CONCURRENT},
 * {@code OLLAMA_CACHE_*}, ...); the gateway's bearer token from {@code OLLAMA_GATEWAY_TOKEN}, its traffic log from
 * {@code OLLAMA_TRAFFIC_LOG} and {@code OLLAMA_TRAFFIC_LOG_TEXT}. Exit status: 0 after {@code --help}, 2 for a bad argument or setting, 1 when the
 * port cannot be bound.
 */
public final class GatewayMain {

    static final String USAGE = String.join(
            "\n",
            "Usage: java -jar ollama-perf-gateway.jar [--port N] [--bind ADDR] [--threads N] [--max-connections N]",
            "       [--header-timeout S] [--body-timeout S] [--idle-timeout S] [--help]",
            "Serves the ollama-perf client (cache, limiter, rate limit, fallback, metrics) as an Ollama-compatible",
            "proxy: /api/chat, /api/generate, /api/embed, /api/tags, /api/ps, /api/show, /api/version, GET /,",
            "/v1/chat/completions, GET /metrics (Prometheus). Ollama's other read-only endpoints (/v1/models,",
            "/v1/completions, /v1/embeddings, /v1/responses, /v1/messages, /api/embeddings) are passed through",
            "unchanged. Destructive endpoints (pull, push, create, copy, delete, blobs) are refused.",
            "  --port N      port to listen on, 0-65535 (0: any free port); default " + GatewayConfig.DEFAULT_PORT,
            "  --bind ADDR   address to listen on; default " + GatewayConfig.DEFAULT_BIND_ADDRESS
                    + " (loopback). Anything else must be named here.",
            "  --threads N   model requests served at once, 1-4096; default " + GatewayConfig.DEFAULT_THREADS,
            "  --max-connections N  connections open at once; one more gets 503 and is closed; default "
                    + GatewayConfig.DEFAULT_MAX_CONNECTIONS,
            "  --header-timeout S   seconds from a request's first byte to the end of its headers (else 408); default "
                    + GatewayConfig.DEFAULT_HEADER_TIMEOUT.toSeconds(),
            "  --body-timeout S     seconds from the end of the headers to the end of the body (else 408); default "
                    + GatewayConfig.DEFAULT_BODY_TIMEOUT.toSeconds(),
            "  --idle-timeout S     seconds a connection may wait for its next request; default "
                    + GatewayConfig.DEFAULT_IDLE_TIMEOUT.toSeconds(),
            "  --help        print this and exit",
            "Environment: OLLAMA_ENDPOINTS=url1,url2,... (a fleet; wins over OLLAMA_ENDPOINT, else OLLAMA_HOST),",
            "OLLAMA_MAX_CONCURRENT (per node), OLLAMA_MAX_CONCURRENT_TOTAL, OLLAMA_DEFAULT_MODEL,",
            "OLLAMA_CACHE_ENABLED, OLLAMA_CACHE_PATH, OLLAMA_CACHE_MEMORY_BYTES, OLLAMA_CACHE_MAX_DB_BYTES,",
            "OLLAMA_CACHE_TTL, OLLAMA_CACHE_POLICY, OLLAMA_CACHE_BUSY_TIMEOUT (see client/README.md).",
            "OLLAMA_GATEWAY_TOKEN: when set, every request must carry 'Authorization: Bearer <token>' (else 401).",
            "OLLAMA_TRAFFIC_LOG=FILE: append one JSON line per model request (no prompt or answer text unless",
            "OLLAMA_TRAFFIC_LOG_TEXT=true); see gateway/README.md.");

    private GatewayMain() {}

    /** Starts the gateway and serves until the process is stopped. */
    public static void main(String[] args) throws InterruptedException {
        Running running;
        try {
            running = start(args, System.getenv(), Path.of(System.getProperty("user.home")), System.out, System.err);
        } catch (Exit exit) {
            System.exit(exit.status);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            running.close();
                            stopped.countDown();
                        },
                        "ollama-gateway-shutdown"));
        stopped.await();
    }

    /**
     * A started gateway with the client and cache it owns. Public for the load tests, which start the gateway
     * exactly as {@link #main} does, in a JVM of its own, and read its client's metrics.
     */
    public static final class Running implements AutoCloseable {
        final OllamaGateway gateway;
        final OllamaClient client;
        final TrafficLog traffic;
        private final PrintStream out;

        Running(OllamaGateway gateway, OllamaClient client, TrafficLog traffic, PrintStream out) {
            this.gateway = gateway;
            this.client = client;
            this.traffic = traffic;
            this.out = out;
        }

        /** Where it serves, e.g. {@code http://127.0.0.1:41234}. */
        public java.net.URI baseUri() {
            return gateway.baseUri();
        }

        /** The client it serves with (its metrics: limiter queue wait, cache lookups). */
        public OllamaClient client() {
            return client;
        }

        /** Stops serving, then writes what the traffic log still holds and says how many lines it wrote and dropped. */
        @Override
        public void close() {
            gateway.close();
            client.close(); // closes the response cache too
            traffic.close();
            if (traffic.enabled()) {
                out.println("ollama-gateway: " + traffic.summary());
            }
        }
    }

    /** Thrown instead of exiting, so tests can check the status. */
    public static final class Exit extends Exception {
        private static final long serialVersionUID = 1L;

        final int status;

        Exit(int status) {
            super("exit " + status);
            this.status = status;
        }

        /** The exit status. */
        public int status() {
            return status;
        }
    }

    /**
     * Starts the gateway as {@link #main} does: options from {@code args}, settings from {@code env}.
     *
     * @throws Exit with the status {@link #main} would exit with, after printing why to {@code err}
     */
    public static Running start(String[] args, Map<String, String> env, Path home, PrintStream out, PrintStream err)
            throws Exit {
        GatewayConfig config;
        OllamaClientConfig clientConfig;
        CacheConfig cacheConfig;
        TrafficLogSettings trafficSettings;
        try {
            config = parse(args, out).withToken(token(env));
            clientConfig = OllamaClientConfig.fromEnvironment(env);
            cacheConfig = CacheEnvironment.fromEnvironment(env, home);
            trafficSettings = TrafficLogSettings.fromEnvironment(env);
        } catch (IllegalArgumentException e) {
            err.println("ollama-gateway: " + e.getMessage());
            err.println(USAGE);
            throw new Exit(2);
        }
        TrafficLog traffic;
        try {
            traffic = TrafficLog.open(trafficSettings, Clock.systemUTC(), err);
        } catch (IOException | RuntimeException e) {
            err.println("ollama-gateway: '" + TrafficLogSettings.FILE_VARIABLE + "' must name a file that can be "
                    + "created or appended to, got: " + trafficSettings.file() + " (" + e + ")");
            throw new Exit(2);
        }
        String warning = exposureWarning(config);
        if (!warning.isEmpty()) {
            err.println(warning);
        }
        // the probe lets the traffic log tell which native calls the client served from the cache
        ResponseCache cache =
                new CacheHitProbe(ResponseCache.open(cacheConfig, Clock.systemUTC(), WarningSink.to(err)));
        OllamaClient client =
                OllamaClient.builder(clientConfig).responseCache(cache).build();
        try {
            OllamaGateway gateway = OllamaGateway.start(config, client, cache, Clock.systemUTC(), traffic);
            out.println("ollama-gateway " + config + " -> "
                    + String.join(
                            ", ",
                            clientConfig.endpoints().stream()
                                    .map(Object::toString)
                                    .toList()));
            out.println("client: " + clientConfig);
            out.println("cache: " + cacheConfig + " " + cache);
            out.println("traffic: " + trafficSettings);
            out.println("listening on " + gateway.listening());
            return new Running(gateway, client, traffic, out);
        } catch (IOException e) {
            client.close();
            traffic.close();
            err.println("ollama-gateway: cannot listen on " + config.bindAddress() + ":" + config.port() + ": " + e);
            throw new Exit(1);
        }
    }

    /** The warning printed when binding beyond loopback; empty on loopback. */
    static String exposureWarning(GatewayConfig config) {
        if (config.isLoopback()) {
            return "";
        }
        String exposed = "WARNING: the gateway listens on " + config.bindAddress() + ", which is not loopback";
        if (config.token() != null) {
            return exposed + ": " + GatewayConfig.TOKEN_VARIABLE + " is set, so every request must carry "
                    + "'Authorization: Bearer <token>'; anyone who has the token can use the Ollama behind it";
        }
        return exposed + ", and no token is set: anyone who can reach it can use the Ollama behind it. "
                + "To require 'Authorization: Bearer <token>' on every request, set " + GatewayConfig.TOKEN_VARIABLE
                + " (e.g. " + GatewayConfig.TOKEN_VARIABLE + "=$(openssl rand -hex 32)) before starting it";
    }

    /** The token from the environment; null when unset or empty. */
    private static String token(Map<String, String> env) {
        String token = env.get(GatewayConfig.TOKEN_VARIABLE);
        return token == null || token.isEmpty() ? null : token;
    }

    static GatewayConfig parse(String[] args, PrintStream out) throws Exit {
        String bind = GatewayConfig.DEFAULT_BIND_ADDRESS;
        int port = GatewayConfig.DEFAULT_PORT;
        int threads = GatewayConfig.DEFAULT_THREADS;
        int maxConnections = GatewayConfig.DEFAULT_MAX_CONNECTIONS;
        Duration header = GatewayConfig.DEFAULT_HEADER_TIMEOUT;
        Duration body = GatewayConfig.DEFAULT_BODY_TIMEOUT;
        Duration idle = GatewayConfig.DEFAULT_IDLE_TIMEOUT;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help":
                case "-h":
                    out.println(USAGE);
                    throw new Exit(0);
                case "--port":
                    port = integer("--port", value(args, ++i, "--port"));
                    break;
                case "--bind":
                    bind = value(args, ++i, "--bind");
                    break;
                case "--threads":
                    threads = integer("--threads", value(args, ++i, "--threads"));
                    break;
                case "--max-connections":
                    maxConnections = integer("--max-connections", value(args, ++i, "--max-connections"));
                    break;
                case "--header-timeout":
                    header = Duration.ofSeconds(integer("--header-timeout", value(args, ++i, "--header-timeout")));
                    break;
                case "--body-timeout":
                    body = Duration.ofSeconds(integer("--body-timeout", value(args, ++i, "--body-timeout")));
                    break;
                case "--idle-timeout":
                    idle = Duration.ofSeconds(integer("--idle-timeout", value(args, ++i, "--idle-timeout")));
                    break;
                default:
                    throw new IllegalArgumentException("unknown argument '" + args[i]
                            + "'; known: --port, --bind, --threads, --max-connections, --header-timeout, "
                            + "--body-timeout, --idle-timeout, --help");
            }
        }
        return new GatewayConfig(
                bind, port, threads, GatewayConfig.DEFAULT_MAX_BODY_BYTES, maxConnections, header, body, idle, null);
    }

    private static String value(String[] args, int index, String flag) {
        if (index >= args.length) {
            throw new IllegalArgumentException("'" + flag + "' needs a value");
        }
        return args[index];
    }

    private static int integer(String flag, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + flag + "' must be a whole number, got: '" + value + "'", e);
        }
    }
}
