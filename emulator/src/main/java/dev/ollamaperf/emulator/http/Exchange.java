package dev.ollamaperf.emulator.http;

import dev.ollamaperf.emulator.engine.Generation;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.EventExecutor;
import java.nio.charset.StandardCharsets;

/**
 * One request and its response on one connection.
 *
 * <p>Implementation notes: every method runs on the connection's event loop (engine callbacks
 * hop there through {@link #executor()}), so the state below needs no locks. Headers are written
 * lazily: a full response writes them with its body, a stream writes them with its first chunk,
 * which is how Ollama behaves (gin's {@code c.Stream} sends nothing until it has data). The
 * exchange is finished exactly once: after a full response, after the last chunk, or when the
 * socket is dropped; only then may the connection start the next pipelined request.
 */
final class Exchange {

    /** Called once when the exchange has written its last byte (or given up). */
    interface Completion {
        void finished(Exchange exchange);
    }

    private static final short CRLF = ('\r' << 8) | '\n';
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final ChannelHandlerContext ctx;
    /** The HTTP codec's context, where {@link #chunk} writes: looked up once, not by name for every token. */
    private final ChannelHandlerContext codec;

    private final Completion onFinished;
    private final boolean keepAlive;
    private final boolean head;
    private boolean headersSent;
    private boolean finished;
    private Generation generation;

    Exchange(ChannelHandlerContext ctx, Completion onFinished, boolean keepAlive, boolean head) {
        this.ctx = ctx;
        this.codec = ctx.pipeline().context(HttpServer.CODEC);
        this.onFinished = onFinished;
        this.keepAlive = keepAlive;
        this.head = head;
    }

    EventExecutor executor() {
        return ctx.executor();
    }

    boolean finished() {
        return finished;
    }

    boolean headersSent() {
        return headersSent;
    }

    /** Remembers the engine's handle so a client disconnect can cancel it. */
    void attach(Generation running) {
        this.generation = running;
        if (finished || !ctx.channel().isActive()) {
            running.cancel();
        }
    }

    /** Writes a complete response (status line, headers and body) and finishes. */
    void respond(HttpResponseStatus status, String contentType, byte[] body) {
        if (finished) {
            return;
        }
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, status, head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        setConnectionHeader(response);
        headersSent = true;
        finish(ctx.writeAndFlush(response), !keepAlive);
    }

    /** Sends the status line and headers of a chunked 200 response. */
    void startStream(String contentType) {
        if (finished || headersSent) {
            return;
        }
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        HttpUtil.setTransferEncodingChunked(response, true);
        setConnectionHeader(response);
        headersSent = true;
        ctx.write(response);
    }

    /**
     * Writes and flushes one chunk (one NDJSON line or one SSE event), framed here as HTTP/1.1 chunked
     * coding does it ({@code <size in hex>\r\n<bytes>\r\n}, RFC 9112 §7.1) and written below the
     * codec in one pooled buffer, with no promise.
     *
     * <p>Why not a {@code DefaultHttpContent} through the codec: the codec frames each content in
     * three buffers (size line, duplicated content, CRLF) joined by a promise combiner, which at
     * 20,000 chunks a second (1,000 streams) was a visible share of the event loops' time and garbage.
     * The codec stays in chunked state from {@link #startStream}, so {@link #endStream}'s last chunk
     * still goes through it; writes on one event loop keep their order. An empty chunk would read as
     * the end of the body, so it is not written (the codec skips it too).
     */
    void chunk(byte[] bytes) {
        if (finished || bytes.length == 0) {
            return;
        }
        int hexDigits = (Integer.SIZE - Integer.numberOfLeadingZeros(bytes.length) + 3) / 4;
        ByteBuf framed = ctx.alloc().buffer(hexDigits + bytes.length + 4);
        for (int shift = (hexDigits - 1) * 4; shift >= 0; shift -= 4) {
            framed.writeByte(HEX[(bytes.length >>> shift) & 0xF]); // Netty's lower-case hex, without a String
        }
        framed.writeShort(CRLF);
        framed.writeBytes(bytes);
        framed.writeShort(CRLF);
        codec.writeAndFlush(framed, codec.voidPromise());
    }

    /** Ends a chunked response; {@code close} also closes the connection afterwards. */
    void endStream(boolean close) {
        if (finished) {
            return;
        }
        finish(ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT), close || !keepAlive);
    }

    /** Closes the socket at once, with no final chunk: the "dropped connection" fault. */
    void abort() {
        if (finished) {
            return;
        }
        finished = true;
        // Close only after the chunks already written have reached the socket: a plain close()
        // would discard writes still queued in the channel, and the client must see exactly the
        // tokens sent before the drop, then the connection ending without a terminating chunk.
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        onFinished.finished(this);
    }

    /** The client went away: cancel whatever the engine is doing for this request. */
    void clientGone() {
        if (!finished) {
            finished = true;
            if (generation != null) {
                generation.cancel();
            }
        }
    }

    private void finish(io.netty.channel.ChannelFuture written, boolean close) {
        finished = true;
        if (close) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
        onFinished.finished(this);
    }

    private void setConnectionHeader(HttpResponse response) {
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
    }
}
