package dev.ollamaperf.benchmarks.call;

import dev.ollamaperf.benchmarks.fixtures.CannedStreams;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-process loopback server that answers every {@code POST /api/chat} at once with the same canned NDJSON
 * stream of N tokens: the cheapest possible Ollama, so that a per-call benchmark measures the client, not the
 * server. Every client under test talks to the same instance. Not an emulator: no scheduling, no timing.
 *
 * <p>Its own allocation per call is nil, because JMH's {@code -prof gc} counts the allocation of every thread of the
 * JVM against the benchmark: the whole response (HTTP/1.1 status line, headers, and the NDJSON body in chunked
 * transfer encoding, one HTTP chunk per line as Ollama sends them) is encoded once into a direct buffer and written
 * with one channel write per call; requests are parsed in place in a per-connection direct buffer (request line and
 * {@code Content-Length} only). One blocking thread per connection (clients keep one or a few pooled connections
 * alive), keep-alive, TCP_NODELAY. Anything but {@code POST /api/chat} gets an empty 404.
 */
public final class CannedOllama implements AutoCloseable {

    private static final byte[] CHAT_REQUEST_LINE = "POST /api/chat ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHUNKED = "transfer-encoding: chunked".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOT_FOUND =
            "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int REQUEST_BUFFER = 64 * 1024;

    private final ServerSocketChannel server;
    private final ByteBuffer chat;
    private final ByteBuffer notFound;
    private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();

    private CannedOllama(ServerSocketChannel server, byte[] ndjson) {
        this.server = server;
        this.chat = direct(chunkedResponse(ndjson));
        this.notFound = direct(NOT_FOUND);
    }

    /** Starts on 127.0.0.1 and a free port, answering with {@code tokens} content chunks. */
    public static CannedOllama start(int tokens) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        CannedOllama canned = new CannedOllama(server, CannedStreams.chatNdjson(ChatClient.MODEL, tokens, 21L));
        daemon(canned::acceptLoop, "canned-ollama-accept").start();
        return canned;
    }

    /** The 200 answer, byte for byte: headers, then each NDJSON line as one HTTP chunk, then the last chunk. */
    static byte[] chunkedResponse(byte[] ndjson) {
        StringBuilder out = new StringBuilder(ndjson.length * 2);
        out.append("HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n");
        String body = new String(ndjson, StandardCharsets.UTF_8);
        int start = 0;
        while (start < body.length()) {
            int end = body.indexOf('\n', start) + 1;
            if (end == 0) {
                end = body.length();
            }
            String line = body.substring(start, end);
            out.append(Integer.toHexString(line.getBytes(StandardCharsets.UTF_8).length))
                    .append("\r\n")
                    .append(line)
                    .append("\r\n");
            start = end;
        }
        out.append("0\r\n\r\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static ByteBuffer direct(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length);
        buffer.put(bytes).flip();
        return buffer.asReadOnlyBuffer();
    }

    private static Thread daemon(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel connection = server.accept();
                connection.setOption(StandardSocketOptions.TCP_NODELAY, true);
                connections.add(connection);
                daemon(() -> serve(connection), "canned-ollama").start();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Answers the requests of one keep-alive connection until the client closes it. */
    private void serve(SocketChannel connection) {
        ByteBuffer in = ByteBuffer.allocateDirect(REQUEST_BUFFER);
        ByteBuffer chatAnswer = chat.duplicate();
        ByteBuffer notFoundAnswer = notFound.duplicate();
        try (connection) {
            while (true) {
                int headerEnd;
                while ((headerEnd = headerEnd(in)) < 0) {
                    if (!in.hasRemaining()) {
                        throw new IOException("request headers longer than " + REQUEST_BUFFER + " bytes");
                    }
                    if (connection.read(in) < 0) {
                        return;
                    }
                }
                if (indexOfIgnoreCase(in, CHUNKED, headerEnd) >= 0) {
                    throw new IOException("chunked request bodies are not supported by this canned server");
                }
                long consumed = headerEnd + contentLength(in, headerEnd);
                boolean isChat = startsWith(in, CHAT_REQUEST_LINE);
                // Skip the request body (possibly not yet received, possibly longer than the buffer).
                while (consumed > in.position()) {
                    consumed -= in.position();
                    in.clear();
                    if (connection.read(in) < 0) {
                        return;
                    }
                }
                in.flip().position((int) consumed);
                in.compact(); // keeps the bytes of a next request already received
                ByteBuffer answer = isChat ? chatAnswer : notFoundAnswer;
                answer.rewind();
                while (answer.hasRemaining()) {
                    connection.write(answer);
                }
            }
        } catch (IOException e) {
            // the client went away (or closed the pool at the end of the trial)
        } finally {
            connections.remove(connection);
        }
    }

    /** Index just past {@code \r\n\r\n} among the bytes received so far, or -1. */
    private static int headerEnd(ByteBuffer in) {
        for (int i = 3; i < in.position(); i++) {
            if (in.get(i) == '\n' && in.get(i - 1) == '\r' && in.get(i - 2) == '\n' && in.get(i - 3) == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    private static long contentLength(ByteBuffer in, int headerEnd) throws IOException {
        int at = indexOfIgnoreCase(in, CONTENT_LENGTH, headerEnd);
        if (at < 0) {
            return 0;
        }
        long length = 0;
        for (int i = at + CONTENT_LENGTH.length; i < headerEnd; i++) {
            byte b = in.get(i);
            if (b >= '0' && b <= '9') {
                length = length * 10 + (b - '0');
            } else if (b != ' ' && b != '\t') {
                return length;
            }
        }
        throw new IOException("unterminated Content-Length header");
    }

    private static boolean startsWith(ByteBuffer in, byte[] prefix) {
        if (in.position() < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (in.get(i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Where {@code lowerCase} starts in the first {@code end} bytes, ASCII case ignored; -1 if nowhere. */
    private static int indexOfIgnoreCase(ByteBuffer in, byte[] lowerCase, int end) {
        outer:
        for (int i = 0; i + lowerCase.length <= end; i++) {
            for (int j = 0; j < lowerCase.length; j++) {
                byte b = in.get(i + j);
                if (b >= 'A' && b <= 'Z') {
                    b = (byte) (b + ('a' - 'A'));
                }
                if (b != lowerCase[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** {@code http://127.0.0.1:port}. */
    public URI baseUri() {
        try {
            return URI.create("http://127.0.0.1:" + ((InetSocketAddress) server.getLocalAddress()).getPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (SocketChannel connection : connections) {
            try {
                connection.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
