package dev.ollamaperf.gateway;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * One connection's requests, read on its event loop: the token is checked and the body's size bounded when the
 * headers arrive (401, 413 or 503 then, before the body is read), the body is gathered, and the whole request is
 * handed to a worker thread ({@link Dispatcher}). A malformed request (bad request line, headers or chunk framing)
 * gets 400. A refused request's connection is closed after the answer, so an unread body cannot be taken for the
 * next request. One request at a time: a caller that sends the next before the answer (pipelining) is
 * disconnected. Confined to the event loop.
 */
final class GatewayConnectionHandler extends ChannelInboundHandlerAdapter {

    /** Hands a whole request to a worker thread; {@code body} holds the bytes reserved for it until released. */
    interface Dispatcher {
        void dispatch(ChannelExchange exchange, BodyBudget.Reservation body);
    }

    private final ConnectionGuards.Deadlines deadlines;
    private final BearerToken token;
    private final BodyBudget budget;
    private final int maxBodyBytes;
    private final Dispatcher dispatcher;

    private HttpRequest reading;
    private URI uri;
    private ByteArrayOutputStream body;
    private BodyBudget.Reservation reservation;
    private boolean serving;

    GatewayConnectionHandler(
            ConnectionGuards.Deadlines deadlines,
            BearerToken token,
            BodyBudget budget,
            int maxBodyBytes,
            Dispatcher dispatcher) {
        this.deadlines = deadlines;
        this.token = token;
        this.budget = budget;
        this.maxBodyBytes = maxBodyBytes;
        this.dispatcher = dispatcher;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest) {
                request(ctx, (HttpRequest) msg);
            }
            if (msg instanceof HttpContent) {
                content(ctx, (HttpContent) msg);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void request(ChannelHandlerContext ctx, HttpRequest request) {
        if (serving || reading != null) {
            ctx.close(); // pipelined: answering out of order is not allowed, and queueing is not needed
            return;
        }
        deadlines.headersRead();
        if (request.decoderResult().isFailure()) {
            refuse(
                    ctx,
                    request,
                    HttpResponseStatus.BAD_REQUEST,
                    "malformed request: " + request.decoderResult().cause().getMessage());
            return;
        }
        try {
            uri = new URI(request.uri());
        } catch (URISyntaxException e) {
            refuse(ctx, request, HttpResponseStatus.BAD_REQUEST, "malformed request target: " + e.getMessage());
            return;
        }
        if (!token.allows(request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
            refuse(
                    ctx,
                    request,
                    HttpResponseStatus.UNAUTHORIZED,
                    "this gateway needs the header "
                            + "'Authorization: Bearer <token>' with the token it was started with");
            return;
        }
        if (token.required()) {
            request.headers().remove(HttpHeaderNames.AUTHORIZATION); // the gateway's own: never passed upstream
        }
        long declared = HttpUtil.getContentLength(request, -1L);
        boolean chunked = HttpUtil.isTransferEncodingChunked(request);
        if (declared > maxBodyBytes) {
            refuse(
                    ctx,
                    request,
                    HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "request body must be at most " + maxBodyBytes + " bytes, got: " + declared);
            return;
        }
        BodyBudget.Reservation reserved = budget.reservation();
        if (!reserved.tryReserve(declared >= 0 ? declared : chunked ? maxBodyBytes : 0)) {
            refuse(
                    ctx,
                    request,
                    HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "gateway busy: request bodies in flight " + "would exceed " + reserved.capacity()
                            + " bytes; retry");
            return;
        }
        reading = request;
        reservation = reserved;
        body = new ByteArrayOutputStream((int) Math.max(0, Math.min(declared, 1 << 16)));
    }

    private void content(ChannelHandlerContext ctx, HttpContent content) {
        if (reading == null) {
            return; // the rest of a refused request
        }
        if (content.decoderResult().isFailure()) {
            refuse(
                    ctx,
                    reading,
                    HttpResponseStatus.BAD_REQUEST,
                    "malformed request body: " + content.decoderResult().cause().getMessage());
            return;
        }
        int n = content.content().readableBytes();
        if (body.size() + n > maxBodyBytes) {
            refuse(
                    ctx,
                    reading,
                    HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "request body must be at most " + maxBodyBytes + " bytes");
            return;
        }
        byte[] bytes = new byte[n];
        content.content().readBytes(bytes);
        body.write(bytes, 0, n);
        if (content instanceof LastHttpContent) {
            deadlines.requestRead();
            HttpRequest request = reading;
            BodyBudget.Reservation reserved = reservation;
            byte[] whole = body.toByteArray();
            reserved.shrinkTo(whole.length); // a chunked body keeps only what it turned out to be
            reading = null;
            reservation = null;
            body = null;
            serving = true;
            dispatcher.dispatch(new ChannelExchange(ctx.channel(), request, uri, whole, this::answered), reserved);
        }
    }

    private void answered() {
        serving = false;
        deadlines.answered();
    }

    /** Answers at once with {@code {"error":...}} and closes the connection. */
    private void refuse(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status, String message) {
        if (reservation != null) {
            reservation.release();
        }
        reading = null;
        reservation = null;
        body = null;
        boolean openAi = request.uri().startsWith("/v1/");
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                status,
                Unpooled.wrappedBuffer(Exchanges.errorBody(status.code(), message, openAi)));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, Exchanges.JSON);
        response.headers()
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        response.headers().set(HttpHeaderNames.CONNECTION, "close");
        if (status.equals(HttpResponseStatus.UNAUTHORIZED)) {
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
        } else if (status.equals(HttpResponseStatus.SERVICE_UNAVAILABLE)) {
            response.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
        }
        deadlines.closeAfter(ctx.writeAndFlush(response));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (reservation != null) {
            reservation.release();
            reservation = null;
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // a reset from the caller or a protocol error: the connection is unusable either way
    }
}
