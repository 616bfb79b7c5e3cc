package dev.ollamaperf.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ollamaperf.client.OllamaClient;
import dev.ollamaperf.client.cache.ResponseCache;
import dev.ollamaperf.client.error.OllamaException;
import dev.ollamaperf.client.internal.cache.RequestCanonicalizer;
import dev.ollamaperf.client.internal.codec.JsonCodecException;
import dev.ollamaperf.client.internal.codec.OllamaCodecs;
import dev.ollamaperf.client.internal.transport.DestructivePaths;
import dev.ollamaperf.client.internal.transport.PathNormalizer;
import dev.ollamaperf.client.metrics.MetricsFormat;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The integration served over HTTP as an Ollama-compatible proxy, so load tests can drive it like an Ollama.
 * It serves itself, through the client: {@code /api/chat}, {@code /api/generate}, {@code /api/embed},
 * {@code /v1/chat/completions} (see {@link ModelCalls}), {@code /api/tags}, {@code /api/ps}, {@code /api/show},
 * {@code /api/version}, {@code GET /} and {@code GET /metrics} (Prometheus text: the client's metrics and the
 * cache's statistics). Ollama's other read-only endpoints ({@link PassthroughRoutes}: {@code /v1/models},
 * {@code /v1/completions}, {@code /api/embeddings}, ...) are passed through unchanged ({@link Passthrough}).
 * Destructive endpoints (pull, push, create, copy, delete, blobs) are refused with 403 and never forwarded, however
 * the path is spelled; any other path is 404. Routing is on the normalized path ({@link PathNormalizer}).
 *
 * <p>Implementation notes: the JDK's {@link HttpServer} with a fixed pool of {@link GatewayConfig#threads()}
 * threads. The client's calls block, so each request in flight holds a thread; the client's concurrency limiter,
 * not the pool, bounds what reaches Ollama (the pool only needs to be larger than the limit plus the cache hits
 * served at once). Streams are written chunk by chunk and flushed per chunk (chunked transfer encoding).
 */
public final class OllamaGateway implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final OllamaClient client;
    private final OllamaCodecs codecs;
    private final ResponseCache cache;
    private final ModelCalls models;
    private final RequestCanonicalizer parser;
    private final Passthrough passthrough;
    private final int maxBodyBytes;
    /** Bodies held at once, in bytes: {@value #BODIES_IN_FLIGHT} times the largest one accepted. */
    private final BodyBudget bodies;
    static final int BODIES_IN_FLIGHT = 8;

    private OllamaGateway(HttpServer server, ExecutorService executor, OllamaClient client, ResponseCache cache,
                          Clock clock, int maxBodyBytes) {
        this.server = server;
        this.executor = executor;
        this.client = client;
        this.codecs = OllamaCodecs.shared();
        this.cache = cache;
        this.models = new ModelCalls(client, codecs, cache, clock);
        this.parser = new RequestCanonicalizer(codecs.mapper());
        this.bodies = new BodyBudget((long) BODIES_IN_FLIGHT * maxBodyBytes);
        this.passthrough = new Passthrough(client, maxBodyBytes);
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * Starts serving {@code client} (built with {@code cache} as its response cache) on {@code config}'s address.
     *
     * @param clock stamps cached answers and replays
     */
    public static OllamaGateway start(GatewayConfig config, OllamaClient client, ResponseCache cache, Clock clock)
            throws IOException {
        Objects.requireNonNull(config, "config");
        disableNagle();
        HttpServer server = HttpServer.create(new InetSocketAddress(config.bindAddress(), config.port()), 256);
        AtomicInteger count = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(config.threads(), task -> {
            Thread thread = new Thread(task, "ollama-gateway-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        OllamaGateway gateway = new OllamaGateway(server, executor, Objects.requireNonNull(client, "client"),
                Objects.requireNonNull(cache, "cache"), Objects.requireNonNull(clock, "clock"), config.maxBodyBytes());
        server.createContext("/", gateway::handle);
        server.setExecutor(executor);
        server.start();
        return gateway;
    }

    /**
     * Streams are many small writes, one per token: with Nagle's algorithm on, each can wait for the
     * client's delayed ACK (about 40 ms on Linux), which showed up as +40 ms TTFT through the
     * gateway in the load tests. The JDK's server turns TCP_NODELAY on only through this system
     * property, read once when its first server is created, so it is set here unless the user set it.
     */
    private static void disableNagle() {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** Bytes of request bodies held now (reserved and not yet given back). */
    long bodyBytesHeld() {
        return bodies.held();
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://host:port} to send requests to; loopback when bound to every interface. */
    public URI baseUri() {
        return baseUri(server.getAddress());
    }

    static URI baseUri(InetSocketAddress bound) {
        InetAddress address = bound.getAddress();
        String host = address.isAnyLocalAddress() ? "127.0.0.1" : address.getHostAddress();
        if (host.indexOf(':') >= 0) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + bound.getPort());
    }

    /**
     * Where it listens, as a person should read it: the URL when bound to one address; for every interface
     * the port, then the URL that works from this machine.
     */
    public String listening() {
        return listening(server.getAddress());
    }

    static String listening(InetSocketAddress bound) {
        InetAddress address = bound.getAddress();
        if (!address.isAnyLocalAddress()) {
            return baseUri(bound).toString();
        }
        // 0.0.0.0 and :: read alike: a dual-stack socket bound to 0.0.0.0 reports itself as ::.
        return "every interface, port " + bound.getPort() + " (from this machine: " + baseUri(bound) + ")";
    }

    private void handle(HttpExchange exchange) throws IOException {
        String raw = Objects.requireNonNullElse(exchange.getRequestURI().getRawPath(), "");
        String path = PathNormalizer.normalize(raw);
        boolean openAi = path.startsWith("/v1/");
        boolean cut = false;
        BodyBudget.Reservation body = bodies.reservation();
        try {
            route(exchange, raw, path, exchange.getRequestMethod(), body);
        } catch (UpstreamCutOff e) {
            cut = true; // left unclosed: the server drops the connection, so the caller sees the answer was cut
            throw e;
        } catch (MethodNotAllowed e) {
            exchange.getResponseHeaders().set("Allow", e.allow);
            Exchanges.error(exchange, 405, e.getMessage(), openAi);
        } catch (OllamaException e) {
            Exchanges.error(exchange, Exchanges.status(e), e.getMessage(), openAi);
        } catch (JsonCodecException | IllegalArgumentException e) {
            Exchanges.error(exchange, 400, e.getMessage(), openAi);
        } catch (RuntimeException e) {
            Exchanges.error(exchange, 500, "gateway failure: " + e, openAi);
        } finally {
            body.release();
            if (!cut) {
                exchange.close();
            }
        }
    }

    private void route(HttpExchange exchange, String raw, String path, String method, BodyBudget.Reservation body)
            throws IOException {
        if (DestructivePaths.isDestructive(path)) {
            String named = raw.equals(path) ? path : raw + " (that is " + path + ")";
            Exchanges.error(exchange, 403, "the gateway never forwards " + named
                    + ": pull, push, create, copy, delete and blobs are refused", false);
            return;
        }
        switch (path) {
            case "/":
                requireMethod(method, "GET", "HEAD");
                Exchanges.send(exchange, 200, "text/plain; charset=utf-8", utf8("Ollama is running"));
                return;
            case "/api/version":
                requireMethod(method, "GET", "HEAD");
                Exchanges.send(exchange, 200, Exchanges.JSON, codecs.version().encode(client.version()));
                return;
            case "/api/tags":
                requireMethod(method, "GET", "HEAD");
                Exchanges.send(exchange, 200, Exchanges.JSON, codecs.tags().encode(client.tags()));
                return;
            case "/api/ps":
                requireMethod(method, "GET", "HEAD");
                Exchanges.send(exchange, 200, Exchanges.JSON, codecs.ps().encode(client.ps()));
                return;
            case "/metrics":
                requireMethod(method, "GET", "HEAD");
                Exchanges.send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", utf8(metrics()));
                return;
            default:
                post(exchange, raw, path, method, body);
        }
    }

    private void post(HttpExchange exchange, String raw, String path, String method, BodyBudget.Reservation reserved)
            throws IOException {
        boolean own = path.equals("/api/generate") || path.equals("/api/chat") || path.equals("/api/embed")
                || path.equals("/api/show") || path.equals("/v1/chat/completions");
        if (!own) {
            forwardOrNotFound(exchange, raw, path, method, reserved);
            return;
        }
        requireMethod(method, "POST");
        byte[] body = Exchanges.readBody(exchange, maxBodyBytes, reserved);
        if (body == null) {
            return;
        }
        JsonNode tree = parser.parse(body);
        switch (path) {
            case "/api/generate":
                models.generate(exchange, body, tree);
                return;
            case "/api/chat":
                models.chat(exchange, body, tree);
                return;
            case "/api/embed":
                models.embed(exchange, body, tree);
                return;
            case "/api/show":
                Exchanges.send(exchange, 200, Exchanges.JSON,
                        codecs.showResponse().encode(client.show(codecs.showRequest().decode(body))));
                return;
            default:
                models.chatCompletion(exchange, body, tree);
        }
    }

    private void forwardOrNotFound(HttpExchange exchange, String raw, String path, String method,
                                   BodyBudget.Reservation reserved) throws IOException {
        Optional<PassthroughRoutes.Route> route = PassthroughRoutes.find(path);
        if (route.isEmpty()) {
            Exchanges.error(exchange, 404, "404 page not found: " + raw, path.startsWith("/v1/"));
            return;
        }
        requireMethod(method, route.get().method());
        passthrough.forward(exchange, path, route.get(), reserved);
    }

    /** The client's metrics and the cache's statistics, in Prometheus text format. */
    String metrics() {
        return MetricsFormat.PROMETHEUS.render(client.metrics().snapshot()) + CacheStatsPrometheus.render(cache.stats());
    }

    private static void requireMethod(String method, String... allowed) {
        for (String ok : allowed) {
            if (ok.equals(method)) {
                return;
            }
        }
        throw new MethodNotAllowed(method, List.of(allowed));
    }

    /** A known path asked with a method it does not take: 405 with an {@code Allow} header. */
    private static final class MethodNotAllowed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String allow;

        MethodNotAllowed(String method, List<String> allowed) {
            super("method " + method + " is not allowed here; use " + String.join(" or ", allowed));
            this.allow = String.join(", ", allowed);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Stops listening (requests in flight are cut) and stops the threads; the client and cache stay open. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
