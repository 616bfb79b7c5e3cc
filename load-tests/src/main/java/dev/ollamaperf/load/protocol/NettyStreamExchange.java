package dev.ollamaperf.load.protocol;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Sends one request without blocking and times every line of its answer as it arrives, on Netty event loops (the
 * engine Gatling's own HTTP support is built on): the harness's streaming client.
 *
 * <p>Implementation notes: each connection's pipeline is an arrival stamp (the clock read as soon as the socket's
 * bytes are read, before any decoding), Netty's HTTP/1.1 codec, and a line splitter that hands each complete body
 * line with that stamp to the request's {@link StreamTimer}, which parses it and delivers the observation exactly once.
 * A connection belongs to one event loop and serves one request at a time; finished keep-alive connections wait in
 * their loop's idle queue, touched only on that loop, so nothing is locked. Reading the whole body as bytes and
 * decoding only complete lines costs a fraction of the JDK client's per-line {@code Flow} delivery
 * (docs/measurements/2026-12-07-harness-capacity.md).
 */
public final class NettyStreamExchange implements AutoCloseable {

    private final URI baseUri;
    private final Duration timeout;
    private final LongSupplier nanoClock;
    private final EventLoopGroup loops;
    private final Bootstrap bootstrap;
    private final Map<EventLoop, ArrayDeque<Channel>> idle = new ConcurrentHashMap<>();
    private final String host;
    private final int port;

    /**
     * @param loops     the run's event loops
     * @param baseUri   the target, e.g. {@code http://127.0.0.1:11434}
     * @param timeout   the longest a request may take end to end (a stalled stream fails with TIMEOUT)
     * @param nanoClock time source, {@code System::nanoTime} outside tests
     */
    public NettyStreamExchange(StreamLoops loops, URI baseUri, Duration timeout, LongSupplier nanoClock) {
        this.loops = Objects.requireNonNull(loops, "loops").group();
        this.baseUri = Objects.requireNonNull(baseUri, "baseUri");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.host = baseUri.getHost();
        this.port = baseUri.getPort() > 0 ? baseUri.getPort() : 80;
        ChannelGroup connections = loops.connections();
        this.bootstrap = new Bootstrap()
                .group(this.loops)
                .channel(loops.channelType())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        connections.add(channel);
                        LineHandler lines = new LineHandler();
                        channel.pipeline().addLast(new ArrivalStamp(lines), new HttpClientCodec(), lines);
                    }
                });
    }

    /**
     * Sends the request; {@code done} receives the observation exactly once, on an event loop.
     *
     * @param intendedStartNanos when the request was meant to start (pass the send time if unknown)
     * @param keepAnswer         keep the answer's text in the observation (a conversation sends it back next turn)
     */
    public void send(
            OllamaRequest request, long intendedStartNanos, boolean keepAnswer, Consumer<StreamObservation> done) {
        byte[] body = StreamTimer.body(request);
        StreamTimer timer = new StreamTimer(request, intendedStartNanos, nanoClock.getAsLong(), keepAnswer, done);
        EventLoop loop = loops.next();
        if (loop.inEventLoop()) {
            send(loop, request, body, timer);
        } else {
            loop.execute(() -> send(loop, request, body, timer));
        }
    }

    private void send(EventLoop loop, OllamaRequest request, byte[] body, StreamTimer timer) {
        ArrayDeque<Channel> waiting = idle.computeIfAbsent(loop, l -> new ArrayDeque<>());
        Channel channel;
        while ((channel = waiting.poll()) != null) {
            if (channel.isActive()) {
                write(channel, request, body, timer);
                return;
            }
        }
        ChannelFuture connecting = bootstrap.clone(loop).connect(host, port);
        connecting.addListener(connected -> {
            if (connected.isSuccess()) {
                write(connecting.channel(), request, body, timer);
            } else {
                timer.fail(connected.cause(), nanoClock.getAsLong());
            }
        });
    }

    private void write(Channel channel, OllamaRequest request, byte[] body, StreamTimer timer) {
        URI uri = baseUri.resolve(request.api().path());
        String path = uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
        FullHttpRequest http =
                new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path, Unpooled.wrappedBuffer(body));
        http.headers()
                .set(HttpHeaderNames.HOST, host + ":" + port)
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        channel.pipeline().get(LineHandler.class).start(channel, timer);
        channel.writeAndFlush(http).addListener(written -> {
            if (!written.isSuccess()) {
                channel.pipeline().get(LineHandler.class).fail(channel, written.cause());
            }
        });
    }

    /** Closes the idle connections (the loops belong to the caller). */
    @Override
    public void close() {
        idle.forEach((loop, channels) -> loop.execute(() -> {
            Channel channel;
            while ((channel = channels.poll()) != null) {
                channel.close();
            }
        }));
    }

    /** Stamps the time a connection's bytes were read, before the HTTP codec decodes them. */
    private final class ArrivalStamp extends ChannelInboundHandlerAdapter {
        private final LineHandler lines;

        ArrivalStamp(LineHandler lines) {
            this.lines = lines;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            lines.readNanos = nanoClock.getAsLong();
            ctx.fireChannelRead(msg);
        }
    }

    /** Splits the body of the connection's current answer into lines and hands them to its timer. */
    private final class LineHandler extends ChannelInboundHandlerAdapter {
        /** When the bytes being decoded were read. */
        long readNanos;

        private StreamTimer timer;
        private ScheduledFuture<?> deadline;
        private boolean keepAlive;
        /** The start of a line whose end has not arrived yet. */
        private final ByteBuf partial = Unpooled.buffer(256);
        /** A line's bytes when they are not in a heap array. */
        private byte[] scratch = new byte[512];

        void start(Channel channel, StreamTimer next) {
            timer = next;
            keepAlive = true;
            partial.clear();
            deadline = channel.eventLoop()
                    .schedule(
                            () -> {
                                fail(channel, new TimeoutException("no complete answer within " + timeout));
                                channel.close();
                            },
                            timeout.toNanos(),
                            TimeUnit.NANOSECONDS);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (timer == null) {
                    return;
                }
                if (msg instanceof HttpResponse response) {
                    timer.status(response.status().code());
                    keepAlive = HttpUtil.isKeepAlive(response);
                }
                if (msg instanceof HttpContent content) {
                    lines(content.content());
                }
                if (msg instanceof LastHttpContent) {
                    if (partial.isReadable()) {
                        line(partial);
                    }
                    finish(ctx.channel());
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void lines(ByteBuf bytes) {
            int end;
            while ((end = bytes.indexOf(bytes.readerIndex(), bytes.writerIndex(), (byte) '\n')) >= 0) {
                ByteBuf rest = bytes.readSlice(end - bytes.readerIndex());
                bytes.skipBytes(1);
                if (partial.isReadable()) {
                    partial.writeBytes(rest);
                    line(partial);
                    partial.clear();
                } else {
                    line(rest);
                }
            }
            partial.writeBytes(bytes);
        }

        private void line(ByteBuf bytes) {
            int length = bytes.readableBytes();
            if (length > 0 && bytes.getByte(bytes.readerIndex() + length - 1) == '\r') {
                length--;
            }
            if (bytes.hasArray()) {
                timer.line(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), length, readNanos);
                return;
            }
            // a direct buffer (Netty's pooled default): copied into the connection's scratch array, no String
            if (scratch.length < length) {
                scratch = new byte[Math.max(length, scratch.length * 2)];
            }
            bytes.getBytes(bytes.readerIndex(), scratch, 0, length);
            timer.line(scratch, 0, length, readNanos);
        }

        private void finish(Channel channel) {
            StreamTimer finished = timer;
            timer = null;
            deadline.cancel(false);
            if (keepAlive && channel.isActive()) {
                // back in the pool before the observation goes out, so a closed-model user's next request reuses it
                idle.computeIfAbsent(channel.eventLoop(), l -> new ArrayDeque<>())
                        .add(channel);
            } else {
                channel.close();
            }
            finished.complete(nanoClock.getAsLong());
        }

        void fail(Channel channel, Throwable failure) {
            StreamTimer failed = timer;
            if (failed == null) {
                return;
            }
            timer = null;
            deadline.cancel(false);
            channel.close();
            failed.fail(failure, nanoClock.getAsLong());
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            ArrayDeque<Channel> waiting = idle.get(ctx.channel().eventLoop());
            if (waiting != null) {
                waiting.remove(ctx.channel());
            }
            fail(ctx.channel(), new IOException("the server closed the connection before the answer ended"));
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(ctx.channel(), cause);
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            partial.release();
        }
    }
}
