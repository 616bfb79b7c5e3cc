package dev.ollamaperf.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.ollamaperf.client.OllamaClient;
import dev.ollamaperf.client.cache.ResponseCache;
import dev.ollamaperf.client.error.OllamaException;
import dev.ollamaperf.client.internal.cache.RequestCanonicalizer;
import dev.ollamaperf.client.internal.codec.JsonCodecException;
import dev.ollamaperf.client.internal.codec.OllamaCodecs;
import dev.ollamaperf.client.internal.transport.DestructivePaths;
import dev.ollamaperf.client.internal.transport.PathNormalizer;
import dev.ollamaperf.client.metrics.MetricsFormat;
import dev.ollamaperf.results.TrafficRecord;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * <p>Implementation notes: Netty reads every connection on a few event-loop threads ({@link GatewayConnectionHandler}):
 * a request costs no thread until it has been read whole, within the header and body timeouts, on one of at most
 * {@link GatewayConfig#maxConnections()} connections ({@link ConnectionGuards}). Whole requests then run on a fixed
 * pool of {@link GatewayConfig#threads()} threads, written against the JDK's {@code HttpExchange} API
 * ({@link ChannelExchange}); the health endpoints on {@value #HEALTH_THREADS} threads of their own. The client's
 * calls block, so each model request in flight holds a thread; the client's concurrency limiter, not the pool,
 * bounds what reaches Ollama (the pool only needs to be larger than the limit plus the cache hits served at once).
 * Streams are written chunk by chunk and flushed per chunk (chunked transfer encoding). A caller that disconnects
 * cancels its streamed model call, before the first token too ({@link ModelCalls}).
 */
public final class OllamaGateway implements AutoCloseable {

    /** Threads for the health endpoints, apart from the model calls' ({@link GatewayConfig#threads()}). */
    static final int HEALTH_THREADS = 4;
    /** Connections the kernel may hold while the acceptor catches up. */
    private static final int BACKLOG = 1024;

    private static final Set<String> HEALTH_PATHS = Set.of("/", "/api/version", "/api/tags", "/api/ps", "/metrics");

    private final Channel server;
    private final EventLoopGroup loops;
    private final ConnectionGuards.ConnectionBound bound;
    private final AtomicBoolean closed = new AtomicBoolean();
    /**
     * Every open connection, so close() closes them itself: Netty's shutdown without a quiet period can end a loop
     * without closing its channels, and a caller's next request on a kept-alive one then waited for its read timeout.
     * Once closed, the group closes a connection added later (accepted while the gateway was closing).
     */
    private final ChannelGroup connections =
            new DefaultChannelGroup("ollama-gateway-connections", GlobalEventExecutor.INSTANCE, true);

    private final ExecutorService executor;
    private final ExecutorService health;
    private final OllamaClient client;
    private final OllamaCodecs codecs;
    private final ResponseCache cache;
    private final ModelCalls models;
    private final RequestCanonicalizer parser;
    private final Passthrough passthrough;
    private final TrafficLog traffic;
    /** Bodies held at once, in bytes: {@value #BODIES_IN_FLIGHT} times the largest one accepted. */
    private final BodyBudget bodies;

    static final int BODIES_IN_FLIGHT = 8;

    private OllamaGateway(
            GatewayConfig config, OllamaClient client, ResponseCache cache, Clock clock, TrafficLog traffic)
            throws IOException {
        this.client = client;
        this.traffic = traffic;
        this.codecs = OllamaCodecs.shared();
        this.cache = cache;
        this.models = new ModelCalls(client, codecs, cache, clock);
        this.parser = new RequestCanonicalizer(codecs.mapper());
        this.bodies = new BodyBudget((long) BODIES_IN_FLIGHT * config.maxBodyBytes());
        this.passthrough = new Passthrough(client);
        this.executor = pool("ollama-gateway-", config.threads());
        this.health = pool("ollama-gateway-health-", HEALTH_THREADS);
        this.loops = new MultiThreadIoEventLoopGroup(
                Math.max(2, Runtime.getRuntime().availableProcessors()),
                new DefaultThreadFactory("ollama-gateway-io", true),
                NioIoHandler.newFactory());
        this.bound = new ConnectionGuards.ConnectionBound(config.maxConnections());
        BearerToken token = new BearerToken(config.token());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loops)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, BACKLOG)
                // Streams are many small writes, one per token: with Nagle's algorithm on, each can wait for the
                // caller's delayed ACK (about 40 ms on Linux), which showed up as +40 ms TTFT through the gateway.
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        ConnectionGuards.Deadlines deadlines = new ConnectionGuards.Deadlines(
                                config.headerTimeout(), config.bodyTimeout(), config.idleTimeout());
                        connections.add(channel);
                        channel.pipeline()
                                .addLast("bound", bound)
                                .addLast("deadlines", deadlines)
                                .addLast("codec", new HttpServerCodec())
                                .addLast(
                                        "gateway",
                                        new GatewayConnectionHandler(
                                                deadlines,
                                                token,
                                                bodies,
                                                config.maxBodyBytes(),
                                                OllamaGateway.this::dispatch));
                    }
                });
        try {
            this.server = bootstrap
                    .bind(new InetSocketAddress(config.bindAddress(), config.port()))
                    .syncUninterruptibly()
                    .channel();
        } catch (RuntimeException e) {
            stopThreads();
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * Starts serving {@code client} (built with {@code cache} as its response cache) on {@code config}'s address.
     *
     * @param clock stamps cached answers and replays
     */
    public static OllamaGateway start(GatewayConfig config, OllamaClient client, ResponseCache cache, Clock clock)
            throws IOException {
        return start(config, client, cache, clock, TrafficLog.off(clock));
    }

    /**
     * Starts serving as {@link #start(GatewayConfig, OllamaClient, ResponseCache, Clock)} does, recording every
     * model request in {@code traffic} (which the caller closes, after this gateway). Give the client and the gateway
     * a {@link CacheHitProbe} as their cache, so the log can say which native calls the cache served.
     */
    public static OllamaGateway start(
            GatewayConfig config, OllamaClient client, ResponseCache cache, Clock clock, TrafficLog traffic)
            throws IOException {
        return new OllamaGateway(
                Objects.requireNonNull(config, "config"),
                Objects.requireNonNull(client, "client"),
                Objects.requireNonNull(cache, "cache"),
                Objects.requireNonNull(clock, "clock"),
                Objects.requireNonNull(traffic, "traffic"));
    }

    private static ExecutorService pool(String prefix, int threads) {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Runs a whole request on a worker: the health endpoints ({@code GET}/{@code HEAD} of {@code /},
     * {@code /api/version}, {@code /api/tags}, {@code /api/ps}, {@code /metrics}) on threads of their own, so they
     * answer while every model thread is busy; everything else on the model threads.
     */
    private void dispatch(ChannelExchange exchange, BodyBudget.Reservation body) {
        String path = PathNormalizer.normalize(
                Objects.requireNonNullElse(exchange.getRequestURI().getRawPath(), ""));
        String method = exchange.getRequestMethod();
        boolean light = (method.equals("GET") || method.equals("HEAD")) && HEALTH_PATHS.contains(path);
        try {
            (light ? health : executor).execute(() -> {
                try {
                    handle(exchange, body);
                } catch (IOException | RuntimeException e) {
                    exchange.abort(); // the caller left, or the answer broke off: drop the connection
                }
            });
        } catch (RejectedExecutionException closing) {
            body.release();
            exchange.abort();
        }
    }

    /** Connections open now. */
    int connectionsOpen() {
        return bound.open();
    }

    /** Bytes of request bodies held now (reserved and not yet given back). */
    long bodyBytesHeld() {
        return bodies.held();
    }

    /** The port it listens on. */
    public int port() {
        return address().getPort();
    }

    /** {@code http://host:port} to send requests to; loopback when bound to every interface. */
    public URI baseUri() {
        return baseUri(address());
    }

    private InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
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
        return listening(address());
    }

    static String listening(InetSocketAddress bound) {
        InetAddress address = bound.getAddress();
        if (!address.isAnyLocalAddress()) {
            return baseUri(bound).toString();
        }
        // 0.0.0.0 and :: read alike: a dual-stack socket bound to 0.0.0.0 reports itself as ::.
        return "every interface, port " + bound.getPort() + " (from this machine: " + baseUri(bound) + ")";
    }

    private void handle(ChannelExchange exchange, BodyBudget.Reservation body) throws IOException {
        String raw = Objects.requireNonNullElse(exchange.getRequestURI().getRawPath(), "");
        String path = PathNormalizer.normalize(raw);
        boolean openAi = path.startsWith("/v1/");
        boolean cut = false;
        try {
            route(exchange, raw, path, exchange.getRequestMethod());
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

    private void route(HttpExchange exchange, String raw, String path, String method) throws IOException {
        if (DestructivePaths.isDestructive(path)) {
            String named = raw.equals(path) ? path : raw + " (that is " + path + ")";
            Exchanges.error(
                    exchange,
                    403,
                    "the gateway never forwards " + named + ": pull, push, create, copy, delete and blobs are refused",
                    false);
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
                post(exchange, raw, path, method);
        }
    }

    private void post(HttpExchange exchange, String raw, String path, String method) throws IOException {
        boolean model = TrafficRecord.ENDPOINTS.contains(path);
        if (!model && !path.equals("/api/show")) {
            forwardOrNotFound(exchange, raw, path, method);
            return;
        }
        requireMethod(method, "POST");
        if (!model) {
            byte[] body = Exchanges.readBody(exchange);
            parser.parse(body);
            Exchanges.send(
                    exchange,
                    200,
                    Exchanges.JSON,
                    codecs.showResponse()
                            .encode(client.show(codecs.showRequest().decode(body))));
            return;
        }
        TrafficObservation observed = traffic.begin(path);
        try {
            byte[] body = Exchanges.readBody(exchange);
            JsonNode tree = parser.parse(body);
            observed.request(tree);
            modelCall(exchange, path, body, tree, observed);
        } catch (IOException e) {
            observed.cancelled();
            throw e;
        } catch (RuntimeException e) {
            observed.failed(statusOf(e));
            throw e;
        } finally {
            traffic.record(observed);
        }
    }

    /** The model endpoints ({@link TrafficRecord#ENDPOINTS}), served by {@link ModelCalls}. */
    private void modelCall(HttpExchange exchange, String path, byte[] body, JsonNode tree, TrafficObservation observed)
            throws IOException {
        switch (path) {
            case "/api/generate":
                models.generate(exchange, body, tree, observed);
                return;
            case "/api/chat":
                models.chat(exchange, body, tree, observed);
                return;
            case "/api/embed":
                models.embed(exchange, body, tree, observed);
                return;
            default:
                models.chatCompletion(exchange, body, tree, observed);
        }
    }

    /** The status {@link #handle} answers a failed model call with. */
    private static int statusOf(RuntimeException e) {
        if (e instanceof OllamaException) {
            return Exchanges.status((OllamaException) e);
        }
        return e instanceof JsonCodecException || e instanceof IllegalArgumentException ? 400 : 500;
    }

    private void forwardOrNotFound(HttpExchange exchange, String raw, String path, String method) throws IOException {
        Optional<PassthroughRoutes.Route> route = PassthroughRoutes.find(path);
        if (route.isEmpty()) {
            Exchanges.error(exchange, 404, "404 page not found: " + raw, path.startsWith("/v1/"));
            return;
        }
        requireMethod(method, route.get().method());
        passthrough.forward(exchange, path, route.get());
    }

    /** The client's metrics and the cache's statistics, in Prometheus text format. */
    String metrics() {
        return MetricsFormat.PROMETHEUS.render(client.metrics().snapshot())
                + CacheStatsPrometheus.render(cache.stats())
                + traffic.prometheus();
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

    /**
     * Stops listening, closes every connection (requests in flight are cut) and stops the threads; the client and
     * cache stay open. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.close().syncUninterruptibly();
        connections.close().awaitUninterruptibly();
        stopThreads();
    }

    private void stopThreads() {
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        executor.shutdownNow();
        health.shutdownNow();
        // A request already answered still records its traffic line in its worker's finally: wait for that, so
        // whoever closes the traffic log after the gateway finds every line in its queue.
        try {
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                System.err.println("ollama-perf gateway: workers still running 2 s after close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
