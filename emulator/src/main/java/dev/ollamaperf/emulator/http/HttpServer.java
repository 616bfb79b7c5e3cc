package dev.ollamaperf.emulator.http;

import dev.ollamaperf.emulator.engine.InferenceEngine;
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
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The emulator's Ollama-compatible HTTP/1.1 server, on Netty's NIO transport.
 *
 * <p>Implementation notes: one acceptor thread and a small pool of event-loop threads (one per
 * core) serve every connection; no thread is tied to a connection or a request, so a thousand
 * queued or streaming responses cost a thousand channel objects, not a thousand threads. Handlers
 * never block: the engine calls back on its own threads, and each callback is handed to the
 * connection's event loop (see {@link ResponseSink}).
 */
public final class HttpServer implements AutoCloseable {

    /** Pending connections the kernel may hold while the acceptor catches up (1,000+ clients). */
    private static final int BACKLOG = 4096;

    /** The pipeline name of the HTTP codec ({@link Exchange#chunk} writes chunks below it). */
    static final String CODEC = "codec";

    private final EventLoopGroup acceptor;
    private final EventLoopGroup workers;
    private final Channel serverChannel;
    private final ChannelGroup connections;

    private HttpServer(
            EventLoopGroup acceptor, EventLoopGroup workers, Channel serverChannel, ChannelGroup connections) {
        this.acceptor = acceptor;
        this.workers = workers;
        this.serverChannel = serverChannel;
        this.connections = connections;
    }

    /**
     * Binds and starts serving.
     *
     * @param address             where to listen; port 0 picks a free port
     * @param maxRequestBodyBytes largest accepted body, 1 or more; larger ones get 413
     * @param engine              the engine behind the endpoints (not closed by this server)
     * @param version             the Ollama version reported by {@code /api/version}
     * @param clock               source of {@code created_at}, {@code created} and
     *                            {@code modified_at}
     * @return the running server
     * @throws IOException when the address cannot be bound (e.g. the port is in use)
     */
    public static HttpServer start(
            InetSocketAddress address, int maxRequestBodyBytes, InferenceEngine engine, String version, Clock clock)
            throws IOException {
        Objects.requireNonNull(address, "address");
        if (maxRequestBodyBytes < 1) {
            throw new IllegalArgumentException("'maxRequestBodyBytes' must be 1 or more, got: " + maxRequestBodyBytes);
        }
        Router router = new Router(
                new NativeEndpoints(engine, clock),
                new EmbedEndpoints(engine),
                new OpenAiEndpoints(engine, clock),
                new ModelEndpoints(engine, version, clock.instant()),
                new AdminEndpoints(engine));
        EventLoopGroup acceptor = new MultiThreadIoEventLoopGroup(
                1, new DefaultThreadFactory("emulator-accept", true), NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(
                Runtime.getRuntime().availableProcessors(),
                new DefaultThreadFactory("emulator-http", true),
                NioIoHandler.newFactory());
        // Every open connection, so close() closes them itself: Netty's shutdown without a quiet period can end a
        // loop without closing its channels, and a client's next request on a kept-alive one then waited for its
        // read timeout. Once closed, the group closes a connection added later (accepted while the server closed).
        ChannelGroup connections = new DefaultChannelGroup("emulator-connections", GlobalEventExecutor.INSTANCE, true);
        Map<EventExecutor, RequestQueue> queues = new HashMap<>();
        for (EventExecutor loop : workers) {
            queues.put(loop, new RequestQueue(loop));
        }
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptor, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, BACKLOG)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        connections.add(channel);
                        RequestQueue requests = queues.get(channel.eventLoop());
                        channel.pipeline()
                                .addLast(CODEC, new HttpServerCodec())
                                .addLast("aggregator", new BoundedAggregator(maxRequestBodyBytes))
                                .addLast("ollama", new ConnectionHandler(router, requests));
                    }
                });
        try {
            Channel channel = bootstrap.bind(address).syncUninterruptibly().channel();
            return new HttpServer(acceptor, workers, channel, connections);
        } catch (Exception e) {
            acceptor.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new IOException(
                    "cannot listen on " + address.getHostString() + ":" + address.getPort() + ": " + e.getMessage(), e);
        }
    }

    /** The bound address (with the real port when 0 was asked for). */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Stops accepting, closes every connection and stops the event loops. Idempotent. */
    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        connections.close().awaitUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
