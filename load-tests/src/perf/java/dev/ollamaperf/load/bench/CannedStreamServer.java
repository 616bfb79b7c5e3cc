package dev.ollamaperf.load.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A canned streaming server for {@link HarnessCapacityBenchmark}, run in its own process so that its work is not the
 * harness's: every POST gets a chunked {@code /api/chat} NDJSON answer of {@code tokens} lines, one every
 * {@code interval} ms, then the done line; a request whose path ends in {@code /sse} gets the same lines as
 * Server-Sent Events ({@code data: ...}) and the response stays open after the last one (the client closes it).
 *
 * <p>Each token line carries the server's own {@link System#nanoTime()} read just before the write, as its text
 * ({@code "content":"<nanos> "}): on Linux both processes read the same monotonic clock, so the harness can subtract
 * the server's actual send gaps (and its lateness) from what it measured. One NIO thread serves every stream from a
 * queue ordered by due time, waking at most once a millisecond (select's unit) and writing what fell due since; its
 * own lateness (write time minus due time) is printed on {@code stats} from stdin.
 *
 * <p>Run: {@code java -cp load-tests/target/test-classes dev.ollamaperf.load.bench.CannedStreamServer 50 40}; it
 * prints {@code port <n>} once listening on 127.0.0.1, and exits when stdin closes.
 */
public final class CannedStreamServer {

    private static final byte[] HEAD = ("HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SSE_HEAD = ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                    + "Cache-Control: no-cache\r\nTransfer-Encoding: chunked\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SSE_PREFIX = ascii("data: ");
    private static final byte[] LINE_START =
            ascii("{\"model\":\"bench:latest\",\"created_at\":\"2026-01-01T00:00:00Z\","
                    + "\"message\":{\"role\":\"assistant\",\"content\":\"");
    private static final byte[] LINE_END = ascii(" \"},\"done\":false}\n");
    private static final byte[] CRLF = ascii("\r\n");
    /** The last chunk and the empty trailer. */
    private static final byte[] LAST_CHUNK = ascii("0\r\n\r\n");

    /** The final NDJSON line, the same for every answer. */
    private final byte[] done;
    /** The one write being built (one thread writes). */
    private final ByteBuffer out = ByteBuffer.allocateDirect(4096);

    private final long intervalNanos;
    private final int tokens;
    private final Selector selector;
    private final ServerSocketChannel server;
    private final PriorityQueue<Stream> due = new PriorityQueue<>((a, b) -> Long.compare(a.dueNanos, b.dueNanos));
    /** Lateness in 10 µs buckets up to 1 s (the last bucket holds everything later). */
    private final long[] lateness = new long[100_001];

    private final AtomicBoolean statsAsked = new AtomicBoolean();

    private CannedStreamServer(long intervalNanos, int tokens) throws IOException {
        this.intervalNanos = intervalNanos;
        this.tokens = tokens;
        this.done = ascii("{\"model\":\"bench:latest\",\"created_at\":\"2026-01-01T00:00:00Z\","
                + "\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\","
                + "\"total_duration\":2000000000,\"load_duration\":0,\"prompt_eval_count\":8,"
                + "\"prompt_eval_duration\":1000,\"eval_count\":" + tokens + ",\"eval_duration\":"
                + tokens * intervalNanos + "}\n");
        this.selector = Selector.open();
        this.server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", 0), 4096);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    public static void main(String[] args) throws IOException {
        long intervalMs = args.length > 0 ? Long.parseLong(args[0]) : 50;
        int tokens = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        CannedStreamServer canned = new CannedStreamServer(intervalMs * 1_000_000L, tokens);
        Thread stdin = new Thread(canned::readCommands, "stdin");
        stdin.setDaemon(true);
        stdin.start();
        System.out.println("port " + ((InetSocketAddress) canned.server.getLocalAddress()).getPort());
        System.out.flush();
        canned.serve();
    }

    /** "stats" asks for the lateness since the last ask; end of stdin (the benchmark is gone) stops the server. */
    private void readCommands() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.trim().equals("stats")) {
                    statsAsked.set(true);
                    selector.wakeup();
                }
            }
        } catch (IOException e) {
            // stdin gone: stop like at its end
        }
        System.exit(0);
    }

    private void serve() throws IOException {
        while (true) {
            Stream next = due.peek();
            long waitNanos = next == null ? 100_000_000L : next.dueNanos - System.nanoTime();
            if (waitNanos > 0) {
                // never spin for a line due in under a millisecond (select's unit): such a spin took most of a core
                // from the harness on 2 cores; what falls due in the same millisecond goes out in one batch
                selector.select(Math.max(1, waitNanos / 1_000_000L));
            } else {
                selector.selectNow();
            }
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                if (!key.isValid()) {
                    continue;
                }
                if (key.isAcceptable()) {
                    accept();
                } else {
                    Connection connection = (Connection) key.attachment();
                    try {
                        if (key.isReadable()) {
                            connection.read();
                        }
                        if (key.isValid() && key.isWritable()) {
                            connection.flush();
                        }
                    } catch (IOException e) {
                        connection.close();
                    }
                }
            }
            writeDue();
            if (statsAsked.compareAndSet(true, false)) {
                printLateness();
            }
        }
    }

    private void accept() throws IOException {
        SocketChannel channel;
        while ((channel = server.accept()) != null) {
            channel.configureBlocking(false);
            channel.socket().setTcpNoDelay(true);
            Connection connection = new Connection(channel);
            connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
        }
    }

    private void writeDue() {
        long now = System.nanoTime();
        while (!due.isEmpty() && due.peek().dueNanos <= now) {
            Stream stream = due.poll();
            if (!stream.connection.channel.isOpen()) {
                continue;
            }
            long sent = System.nanoTime();
            int bucket = (int) Math.min(lateness.length - 1, Math.max(0, sent - stream.dueNanos) / 10_000);
            lateness[bucket]++;
            stream.sent++;
            boolean last = stream.sent == tokens;
            try {
                stream.connection.write(chunk(stream, sent, last));
                if (!last) {
                    stream.dueNanos += intervalNanos;
                    due.add(stream);
                } else if (!stream.sse) {
                    stream.connection.streaming = false;
                    stream.connection.read();
                }
            } catch (IOException e) {
                stream.connection.close();
            }
            now = System.nanoTime();
        }
    }

    /**
     * One write's bytes in the shared buffer, built without a String: the head on the first line, the token line as a
     * chunk (with the done line after the last token), and the terminating chunk after the last one.
     */
    private ByteBuffer chunk(Stream stream, long sent, boolean last) {
        out.clear();
        if (stream.sent == 1) {
            out.put(stream.sse ? SSE_HEAD : HEAD);
        }
        int digits = digits(sent);
        int size = (stream.sse ? SSE_PREFIX.length : 0)
                + LINE_START.length
                + digits
                + LINE_END.length
                + (stream.sse ? 1 : last ? done.length : 0);
        putHex(size);
        out.put(CRLF);
        if (stream.sse) {
            out.put(SSE_PREFIX);
        }
        out.put(LINE_START);
        for (int i = digits - 1, start = out.position(); i >= 0; i--, sent /= 10) {
            out.put(start + i, (byte) ('0' + sent % 10));
        }
        out.position(out.position() + digits);
        out.put(LINE_END);
        if (stream.sse) {
            out.put((byte) '\n');
        } else if (last) {
            out.put(done);
        }
        out.put(CRLF);
        if (last && !stream.sse) {
            out.put(LAST_CHUNK);
        }
        return out.flip();
    }

    private void putHex(int value) {
        String hex = Integer.toHexString(value);
        for (int i = 0; i < hex.length(); i++) {
            out.put((byte) hex.charAt(i));
        }
    }

    private static int digits(long value) {
        int digits = 1;
        for (long rest = value / 10; rest > 0; rest /= 10) {
            digits++;
        }
        return digits;
    }

    private void printLateness() {
        long count = Arrays.stream(lateness).sum();
        System.out.printf(
                Locale.ROOT,
                "lateness p50 %.3f p99 %.3f max %.3f ms over %d writes%n",
                percentile(count, 0.50),
                percentile(count, 0.99),
                percentile(count, 1.0),
                count);
        System.out.flush();
        Arrays.fill(lateness, 0);
    }

    private double percentile(long count, double fraction) {
        long rank = Math.max(1, (long) Math.ceil(count * fraction));
        long seen = 0;
        for (int i = 0; i < lateness.length; i++) {
            seen += lateness[i];
            if (seen >= rank) {
                return (i + 1) * 0.01;
            }
        }
        return 0;
    }

    /** One answer being streamed. */
    private static final class Stream {
        final Connection connection;
        final boolean sse;
        long dueNanos;
        int sent;

        Stream(Connection connection, boolean sse, long dueNanos) {
            this.connection = connection;
            this.sse = sse;
            this.dueNanos = dueNanos;
        }
    }

    /** One keep-alive connection: reads requests one at a time, writes chunks, buffers what the socket refused. */
    private final class Connection {
        final SocketChannel channel;
        SelectionKey key;
        ByteBuffer in = ByteBuffer.allocate(8192);
        ByteBuffer pending = ByteBuffer.allocate(0);
        boolean streaming;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }

        void read() throws IOException {
            if (!streaming && channel.read(in) < 0) {
                close();
                return;
            }
            if (streaming) {
                // drain and ignore (a closing client); the request is parsed once its answer is done
                ByteBuffer sink = ByteBuffer.allocate(1024);
                if (channel.read(sink) < 0) {
                    close();
                }
                return;
            }
            String head = new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1);
            int end = head.indexOf("\r\n\r\n");
            if (end < 0) {
                if (!in.hasRemaining()) {
                    in = ByteBuffer.allocate(in.capacity() * 2).put(in.flip());
                }
                return;
            }
            int length = contentLength(head.substring(0, end));
            int total = end + 4 + length;
            if (in.position() < total) {
                if (in.capacity() < total) {
                    in = ByteBuffer.allocate(total).put(in.flip());
                }
                return;
            }
            String requestLine = head.substring(0, head.indexOf("\r\n"));
            boolean sse = requestLine.split(" ")[1].endsWith("/sse");
            in.flip().position(total);
            in.compact();
            streaming = true;
            due.add(new Stream(this, sse, System.nanoTime() + intervalNanos));
        }

        private int contentLength(String headers) {
            for (String header : headers.split("\r\n")) {
                if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    return Integer.parseInt(header.substring(15).trim());
                }
            }
            return 0;
        }

        /** Writes {@code bytes} (the shared buffer), keeping what the socket refused until it is writable. */
        void write(ByteBuffer bytes) throws IOException {
            if (pending.hasRemaining()) {
                pending = ByteBuffer.allocate(pending.remaining() + bytes.remaining())
                        .put(pending)
                        .put(bytes)
                        .flip();
                flush();
                return;
            }
            channel.write(bytes);
            if (bytes.hasRemaining()) {
                pending = ByteBuffer.allocate(bytes.remaining()).put(bytes).flip();
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
        }

        void flush() throws IOException {
            channel.write(pending);
            key.interestOps(
                    pending.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
