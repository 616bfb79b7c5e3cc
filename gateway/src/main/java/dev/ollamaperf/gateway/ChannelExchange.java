package dev.ollamaperf.gateway;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One request, read whole by {@link GatewayConnectionHandler}, answered from a worker thread through the JDK's
 * {@link HttpExchange} API (what the handlers were written against) over a Netty channel.
 *
 * <p>{@link #sendResponseHeaders} follows the JDK's contract: length -1 no body, 0 chunked, else that many bytes.
 * A write to a caller that has gone throws {@link IOException}; a write to a caller that reads slower than the
 * answer comes waits until Netty's outbound buffer drains (so an unread stream does not pile up in memory).
 * {@link #whenCallerGone} lets a handler stop work the caller no longer waits for.
 */
final class ChannelExchange extends HttpExchange {

    private final Channel channel;
    private final HttpRequest request;
    private final URI uri;
    private final Headers requestHeaders = new Headers();
    private final Headers responseHeaders = new Headers();
    private final byte[] body;
    private final boolean keepAlive;
    private final Runnable onAnswered;
    private final List<Runnable> onGone = new CopyOnWriteArrayList<>();
    private final Map<String, Object> attributes = new HashMap<>();
    private final OutputStream responseBody = new Body();
    private int status = -1;
    private boolean finished;
    private ChannelFuture lastWrite;

    /**
     * @param onAnswered run on the event loop once the whole answer was written, when the connection stays open
     */
    ChannelExchange(Channel channel, HttpRequest request, URI uri, byte[] body, Runnable onAnswered) {
        this.channel = channel;
        this.request = request;
        this.uri = uri;
        this.body = body;
        this.keepAlive = HttpUtil.isKeepAlive(request);
        this.onAnswered = onAnswered;
        request.headers().forEach(h -> requestHeaders.add(h.getKey(), h.getValue()));
        channel.closeFuture().addListener(f -> onGone.forEach(Runnable::run));
    }

    /** Runs {@code action} when the caller's connection closes (at once if it is closed already). */
    void whenCallerGone(Runnable action) {
        onGone.add(action);
        if (!channel.isOpen()) {
            action.run();
        }
    }

    /** Drops the connection without ending the answer, so the caller sees it was cut. */
    void abort() {
        finished = true;
        channel.close();
    }

    @Override
    public Headers getRequestHeaders() {
        return requestHeaders;
    }

    @Override
    public Headers getResponseHeaders() {
        return responseHeaders;
    }

    @Override
    public URI getRequestURI() {
        return uri;
    }

    @Override
    public String getRequestMethod() {
        return request.method().name();
    }

    @Override
    public HttpContext getHttpContext() {
        return null;
    }

    @Override
    public void close() {
        if (finished) {
            return;
        }
        if (status < 0) {
            abort(); // no answer was started: as the JDK server does, drop the connection
            return;
        }
        try {
            responseBody.close();
        } catch (IOException callerGone) {
            // nothing left to tell it
        }
    }

    @Override
    public InputStream getRequestBody() {
        return new ByteArrayInputStream(body);
    }

    @Override
    public OutputStream getResponseBody() {
        return responseBody;
    }

    @Override
    public void sendResponseHeaders(int code, long length) throws IOException {
        if (status >= 0) {
            throw new IOException("headers already sent");
        }
        HttpResponse response = new DefaultHttpResponse(request.protocolVersion(), HttpResponseStatus.valueOf(code));
        responseHeaders.forEach((name, values) -> response.headers().add(name, values));
        boolean head = request.method().name().equals("HEAD");
        if (length > 0) {
            response.headers().set(HttpHeaderNames.CONTENT_LENGTH, length);
        } else if (length == 0 && !head) {
            response.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        } else if (!head && code != 204 && code != 304) {
            response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
        }
        HttpUtil.setKeepAlive(response, keepAlive);
        status = code;
        write(response);
        if (length < 0 || head) {
            responseBody.close();
        }
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return (InetSocketAddress) channel.remoteAddress();
    }

    @Override
    public int getResponseCode() {
        return status;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public String getProtocol() {
        return request.protocolVersion().text();
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        attributes.put(name, value);
    }

    @Override
    public void setStreams(InputStream i, OutputStream o) {
        throw new UnsupportedOperationException("the gateway's exchanges keep their own streams");
    }

    @Override
    public HttpPrincipal getPrincipal() {
        return null;
    }

    private void write(Object message) throws IOException {
        if (!channel.isActive()) {
            throw new IOException("the caller closed the connection");
        }
        lastWrite = channel.write(message);
    }

    /** Flushes; when Netty's outbound buffer is above its high-water mark, waits until this write went out. */
    private void flush() throws IOException {
        channel.flush();
        if (lastWrite != null && !channel.isWritable()) {
            try {
                lastWrite.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while the caller read the answer");
            }
        }
        if (lastWrite != null && lastWrite.isDone() && !lastWrite.isSuccess()) {
            throw new IOException("the caller stopped reading the answer", lastWrite.cause());
        }
    }

    private final class Body extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (status < 0 || finished) {
                throw new IOException(status < 0 ? "headers not sent" : "answer already ended");
            }
            if (length > 0) {
                ChannelExchange.this.write(new DefaultHttpContent(Unpooled.copiedBuffer(bytes, offset, length)));
            }
        }

        @Override
        public void flush() throws IOException {
            ChannelExchange.this.flush();
        }

        @Override
        public void close() throws IOException {
            if (finished || status < 0) {
                return;
            }
            finished = true;
            ChannelExchange.this.write(LastHttpContent.EMPTY_LAST_CONTENT);
            // Run on the event loop as the answer's last bytes leave, before it reads anything more: the caller may
            // send its next request the moment it has the answer, and that must not look pipelined.
            lastWrite.addListener(written -> {
                if (keepAlive && written.isSuccess()) {
                    onAnswered.run();
                } else {
                    channel.close();
                }
            });
            channel.flush();
        }
    }
}
