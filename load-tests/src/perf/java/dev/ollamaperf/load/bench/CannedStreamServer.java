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
 * queue ordered by due time; its own lateness (write time minus due time) is printed on {@code stats} from stdin.
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
    private static final String DONE = "{\"model\":\"bench:latest\",\"created_at\":\"2026-01-01T00:00:00Z\","
            + "\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\","
            + "\"total_duration\":2000000000,\"load_duration\":0,\"prompt_eval_count\":8,\"prompt_eval_duration\":1000,"
            + "\"eval_count\":%d,\"eval_duration\":%d}\n";

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
        this.selector = Selector.open();
        this.server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", 0), 4096);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
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
            if (waitNanos >= 1_000_000L) {
                selector.select(waitNanos / 1_000_000L);
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
            StringBuilder line = new StringBuilder(160);
            if (stream.sse) {
                line.append("data: ");
            }
            line.append("{\"model\":\"bench:latest\",\"created_at\":\"2026-01-01T00:00:00Z\","
                            + "\"message\":{\"role\":\"assistant\",\"content\":\"")
                    .append(sent)
                    .append(" \"},\"done\":false}\n");
            if (stream.sse) {
                line.append('\n');
            } else if (stream.sent == tokens) {
                line.append(String.format(Locale.ROOT, DONE, tokens, tokens * intervalNanos));
            }
            try {
                stream.connection.write(stream.sent == 1 ? (stream.sse ? SSE_HEAD : HEAD) : null, line.toString());
                if (stream.sent < tokens) {
                    stream.dueNanos += intervalNanos;
                    due.add(stream);
                } else if (!stream.sse) {
                    stream.connection.write(null, null);
                    stream.connection.streaming = false;
                    stream.connection.read();
                }
            } catch (IOException e) {
                stream.connection.close();
            }
            now = System.nanoTime();
        }
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

        /** Writes the head (when not null) and one chunk holding {@code text}, or the last chunk when text is null. */
        void write(byte[] head, String text) throws IOException {
            byte[] body = text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
            byte[] size = (Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            int headLength = head == null ? 0 : head.length;
            ByteBuffer out = ByteBuffer.allocate(pending.remaining() + headLength + size.length + body.length + 2);
            out.put(pending);
            if (head != null) {
                out.put(head);
            }
            // the last chunk is "0\r\n" and the empty trailer's "\r\n"
            out.put(size).put(body).put((byte) '\r').put((byte) '\n');
            out.flip();
            channel.write(out);
            pending = out;
            key.interestOps(
                    pending.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
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
