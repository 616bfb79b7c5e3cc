package dev.ollamaperf.emulator.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * One HTTP/1.1 connection: serves its requests one at a time, in order.
 *
 * <p>Implementation notes: a response may take minutes (a queued stream), and HTTP/1.1 clients
 * may pipeline, so requests that arrive while one is in progress are kept (retained) in
 * {@code pending} and started when the current exchange finishes. Reading is never paused,
 * because a paused channel would not notice the client closing, and a disconnect must cancel
 * the generation at once to free its slot. So pipelining is bounded instead: a connection that
 * queues more than {@value #MAX_PIPELINED} requests or {@value #MAX_PENDING_BYTES} bytes of bodies
 * behind the current one is closed, and what it queued is released (60 pipelined 8 MB bodies once
 * held 470 MB). A request is not handled inside {@code channelRead} but queued on the loop's
 * {@link RequestQueue}, so a burst of new requests does not hold back the tokens of the streams already
 * running. All state is confined to the event loop.
 */
final class ConnectionHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    /** Requests one connection may queue behind the one in progress; no real client comes near it. */
    static final int MAX_PIPELINED = 16;
    /** Bytes of request bodies one connection may queue behind the one in progress. */
    static final long MAX_PENDING_BYTES = 32L << 20;

    private final Router router;
    private final RequestQueue requests;
    private final Queue<FullHttpRequest> pending = new ArrayDeque<>();
    private long pendingBytes;
    private Exchange current;
    /** A start of the next request waits in {@link #requests}. */
    private boolean startQueued;

    ConnectionHandler(Router router, RequestQueue requests) {
        this.router = router;
        this.requests = requests;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (pending.size() >= MAX_PIPELINED || pendingBytes + request.content().readableBytes() > MAX_PENDING_BYTES) {
            // Answering out of order is not allowed, and queueing without bound is how memory runs out.
            ctx.close();
            return;
        }
        pending.add(request.retain());
        pendingBytes += request.content().readableBytes();
        if (current == null && !startQueued) {
            startQueued = true;
            requests.add(() -> {
                startQueued = false;
                if (current == null) {
                    try {
                        startNext(ctx);
                    } catch (RuntimeException e) {
                        exceptionCaught(ctx, e); // as when the request was handled inside channelRead
                    }
                }
            });
        }
    }

    private void startNext(ChannelHandlerContext ctx) {
        FullHttpRequest request = pending.poll();
        if (request != null) {
            pendingBytes -= request.content().readableBytes();
        }
        if (request == null || !ctx.channel().isActive()) {
            if (request != null) {
                request.release();
            }
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        Exchange exchange =
                new Exchange(ctx, done -> onFinished(ctx, done), keepAlive, HttpMethod.HEAD.equals(request.method()));
        current = exchange;
        try {
            if (request.decoderResult().isFailure()) {
                exchange.respond(
                        HttpResponseStatus.BAD_REQUEST,
                        "text/plain; charset=utf-8",
                        "400 Bad Request".getBytes(StandardCharsets.UTF_8));
                ctx.close();
                return;
            }
            router.route(request, exchange);
        } finally {
            request.release();
        }
    }

    private void onFinished(ChannelHandlerContext ctx, Exchange exchange) {
        if (exchange == current) {
            current = null;
            if (!pending.isEmpty()) {
                ctx.executor().execute(() -> {
                    if (current == null) {
                        startNext(ctx);
                    }
                });
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (current != null) {
            current.clientGone();
            current = null;
        }
        FullHttpRequest request;
        while ((request = pending.poll()) != null) {
            request.release();
        }
        pendingBytes = 0;
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset from the client or a protocol error: the connection is unusable either way.
        ctx.close();
    }
}
