package dev.ollamaperf.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What protects the gateway from callers before any request reaches a thread: a bound on open connections and
 * read deadlines. Both sit in front of the HTTP codec and answer, when they must, with raw bytes.
 */
final class ConnectionGuards {

    private ConnectionGuards() {}

    /** {@code HTTP/1.1 <status>} with a JSON error body, closing the connection. */
    static ByteBuf rawAnswer(String statusLine, String extraHeaders, String message) {
        byte[] body = Exchanges.errorBody(0, message, false);
        String head = "HTTP/1.1 " + statusLine + "\r\nContent-Type: " + Exchanges.JSON + "\r\nContent-Length: "
                + body.length + "\r\n" + extraHeaders + "Connection: close\r\n\r\n";
        return Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), body);
    }

    /**
     * At most {@code max} connections open at once, across the server: one more is answered 503 at once and
     * closed, before anything of it is read. Shared by every connection's pipeline.
     */
    @ChannelHandler.Sharable
    static final class ConnectionBound extends ChannelInboundHandlerAdapter {
        private static final AttributeKey<Boolean> COUNTED = AttributeKey.valueOf("ollama-gateway.counted");
        private final int max;
        private final AtomicInteger open = new AtomicInteger();

        ConnectionBound(int max) {
            this.max = max;
        }

        /** Connections open now (counted ones: not those being refused). */
        int open() {
            return open.get();
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (open.incrementAndGet() > max) {
                open.decrementAndGet();
                ctx.channel().config().setAutoRead(false);
                ctx.writeAndFlush(rawAnswer(
                                "503 Service Unavailable",
                                "Retry-After: 1\r\n",
                                "gateway busy: " + max + " connections are open; retry"))
                        .addListener(ChannelFutureListener.CLOSE);
                return;
            }
            ctx.channel().attr(COUNTED).set(Boolean.TRUE);
            ctx.fireChannelActive();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (ctx.channel().attr(COUNTED).getAndSet(null) != null) {
                open.decrementAndGet();
            }
            ctx.fireChannelInactive();
        }
    }

    /**
     * One connection's read deadlines: its next request must start within the idle timeout (from accept or the end
     * of the previous answer; else it is closed quietly), its headers must be complete within the header timeout of
     * its first byte, and its body within the body timeout of the end of its headers (else 408 and closed). No
     * deadline runs while a request is being answered. Confined to the connection's event loop.
     */
    static final class Deadlines extends ChannelInboundHandlerAdapter {
        private enum Phase {
            IDLE,
            HEADERS,
            BODY,
            SERVING,
            CLOSING
        }

        /** How long a refused connection stays open after its answer, reading and dropping what still comes. */
        private static final long LINGER_MILLIS = 1000;

        private final Duration header;
        private final Duration body;
        private final Duration idle;
        private ChannelHandlerContext ctx;
        private Phase phase = Phase.IDLE;
        private ScheduledFuture<?> timer;

        Deadlines(Duration header, Duration body, Duration idle) {
            this.header = header;
            this.body = body;
            this.idle = idle;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext context) {
            this.ctx = context;
        }

        @Override
        public void channelActive(ChannelHandlerContext context) {
            arm(Phase.IDLE, idle);
            context.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object msg) {
            if (phase == Phase.CLOSING) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (phase == Phase.IDLE && msg instanceof ByteBuf && ((ByteBuf) msg).isReadable()) {
                arm(Phase.HEADERS, header);
            }
            context.fireChannelRead(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            cancel();
            context.fireChannelInactive();
        }

        /** A request's headers were read: its body's deadline starts. */
        void headersRead() {
            arm(Phase.BODY, body);
        }

        /** A whole request was read: no deadline until it is answered. */
        void requestRead() {
            cancel();
            phase = Phase.SERVING;
        }

        /** The answer went out: the connection may wait for its next request. */
        void answered() {
            if (phase == Phase.SERVING) {
                arm(Phase.IDLE, idle);
            }
        }

        /**
         * Ends the connection after {@code answer}: whatever else arrives is dropped (an unread body is never taken
         * for a request), the output is shut once the answer is out, and the socket closed a moment later, so the
         * caller reads the answer instead of a reset.
         */
        void closeAfter(ChannelFuture answer) {
            cancel();
            phase = Phase.CLOSING;
            answer.addListener(written -> {
                if (written.isSuccess() && ctx.channel() instanceof SocketChannel) {
                    ((SocketChannel) ctx.channel()).shutdownOutput();
                    ctx.executor().schedule(() -> ctx.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
                } else {
                    ctx.close();
                }
            });
        }

        private void arm(Phase next, Duration timeout) {
            cancel();
            phase = next;
            timer = ctx.executor().schedule(() -> expire(next, timeout), timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        private void cancel() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }

        private void expire(Phase expired, Duration timeout) {
            if (phase != expired || !ctx.channel().isActive()) {
                return;
            }
            timer = null;
            if (expired == Phase.IDLE) {
                ctx.close();
                return;
            }
            String what = expired == Phase.HEADERS ? "headers" : "body";
            closeAfter(ctx.writeAndFlush(rawAnswer(
                    "408 Request Timeout",
                    "",
                    "the request's " + what + " did not arrive within " + timeout.toMillis() + " ms")));
        }
    }
}
