package dev.ollamaperf.emulator.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The cheapest client that can time NDJSON lines: one thread, one selector, raw sockets, no HTTP
 * library, no JSON parsing. It sends one POST per connection and stamps {@code System.nanoTime()}
 * once per {@code read()} for every NDJSON line that read completes.
 *
 * <p>Why not a real HTTP client: the benchmark shares the machine's two cores with the emulator, and
 * at 1,000 streams (20,000 lines/s) the JDK {@code HttpClient} that this benchmark used before spent
 * more CPU parsing than the emulator spent producing, so its queueing was most of the "error" it
 * reported. This client does O(bytes) work per read: a byte scan with no allocation.
 *
 * <p>How lines are found without parsing the chunked framing: header lines, chunk-size lines and
 * chunk trailers all end in CRLF, while an NDJSON line ends in a bare LF (JSON escapes every LF
 * inside a string). So a line is a {@code '\n'} not preceded by {@code '\r'}. The response ends at
 * the chunked terminator {@code "\r\n0\r\n\r\n"}; a status other than 200 fails the stream.
 */
final class LineArrivalClient {

    /** The seven bytes that end a chunked body: CRLF after the last chunk, then "0" CRLF CRLF. */
    private static final long TERMINATOR = bytesAsLong("\r\n0\r\n\r\n");

    private static final long SEVEN_BYTES = 0x00FF_FFFF_FFFF_FFFFL;
    private static final byte[] STATUS_OK = "HTTP/1.1 200".getBytes(StandardCharsets.US_ASCII);

    /** One stream's arrivals and outcome. */
    static final class Stream {
        final long[] arrivals;
        /** {@code System.nanoTime()} when the connection was established and when the request's last byte was written. */
        long connectedNanos;

        long sentNanos;
        int lines;
        boolean failed;
        boolean complete;

        private final ByteBuffer request;
        private int statusBytes;
        private long lastBytes;
        private byte previous;

        Stream(int capacity, ByteBuffer request) {
            this.arrivals = new long[capacity];
            this.request = request;
        }

        /** Scans one read's bytes; returns true when the response is complete or failed. */
        boolean consume(ByteBuffer buffer, long now) {
            while (buffer.hasRemaining()) {
                byte b = buffer.get();
                if (statusBytes < STATUS_OK.length) {
                    if (b != STATUS_OK[statusBytes++]) {
                        failed = true;
                        return true;
                    }
                }
                if (b == '\n' && previous != '\r' && lines < arrivals.length) {
                    arrivals[lines++] = now;
                }
                previous = b;
                lastBytes = (lastBytes << 8) | (b & 0xFF);
                if ((lastBytes & SEVEN_BYTES) == TERMINATOR) {
                    complete = true;
                    return true;
                }
            }
            return false;
        }
    }

    private LineArrivalClient() {}

    /**
     * Opens {@code streams} connections to {@code address}, evenly over {@code ramp} nanoseconds (0: all at once),
     * sends {@code request} on each as soon as it connects and reads every response to its end; a connection whose
     * response ended before {@code repeatUntil} sends the request again at once (a closed loop of users, as a load
     * test's), each response being a stream of its own in the result.
     *
     * @param capacity    lines to time per stream (more are counted as none)
     * @param ramp        how long the connections take to open, one after the other at equal gaps
     * @param repeatUntil {@code System.nanoTime()} until which a connection repeats its request; in the past: once
     * @param timeout     how long the whole level may take before the unfinished streams count as failed
     */
    static List<Stream> run(
            InetSocketAddress address,
            byte[] request,
            int streams,
            int capacity,
            long ramp,
            long repeatUntil,
            long timeout)
            throws IOException {
        List<Stream> all = new ArrayList<>(streams);
        ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        try (Selector selector = Selector.open()) {
            long start = System.nanoTime();
            long deadline = start + timeout;
            int opened = 0;
            int open = streams; // opened or still to open
            while (open > 0 && System.nanoTime() < deadline) {
                long now = System.nanoTime();
                while (opened < streams && now - (start + ramp * opened / streams) >= 0) {
                    all.add(connect(selector, address, new Stream(capacity, ByteBuffer.wrap(request))));
                    opened++;
                }
                long nextOpen = opened < streams ? start + ramp * opened / streams - now : Long.MAX_VALUE;
                selector.select(Math.max(1, Math.min(100, TimeUnit.NANOSECONDS.toMillis(nextOpen))));
                now = System.nanoTime();
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!handle(key, buffer, now)) {
                        continue;
                    }
                    Stream done = (Stream) key.attachment();
                    if (done.complete && now - repeatUntil < 0) { // the same connection (keep-alive) asks again
                        Stream next = new Stream(capacity, ByteBuffer.wrap(request));
                        next.connectedNanos = now;
                        all.add(next);
                        key.attach(next);
                        key.interestOps(SelectionKey.OP_WRITE);
                    } else {
                        key.cancel();
                        key.channel().close();
                        open--;
                    }
                }
                selector.selectedKeys().clear();
            }
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
        }
        for (Stream stream : all) {
            stream.failed |= !stream.complete;
        }
        return all;
    }

    /** Opens a non-blocking connection for {@code stream}, registered for its connect or its request's write. */
    private static Stream connect(Selector selector, InetSocketAddress address, Stream stream) throws IOException {
        SocketChannel channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        if (channel.connect(address)) {
            stream.connectedNanos = System.nanoTime();
            channel.register(selector, SelectionKey.OP_WRITE, stream);
        } else {
            channel.register(selector, SelectionKey.OP_CONNECT, stream);
        }
        return stream;
    }

    /** Advances one connection; returns true when it is done (complete or failed). */
    private static boolean handle(SelectionKey key, ByteBuffer buffer, long now) {
        Stream stream = (Stream) key.attachment();
        SocketChannel channel = (SocketChannel) key.channel();
        try {
            if (key.isConnectable()) {
                channel.finishConnect();
                stream.connectedNanos = now;
                key.interestOps(SelectionKey.OP_WRITE);
            }
            if (key.isValid() && key.isWritable()) {
                channel.write(stream.request);
                if (!stream.request.hasRemaining()) {
                    stream.sentNanos = System.nanoTime();
                    key.interestOps(SelectionKey.OP_READ);
                }
                return false;
            }
            if (key.isValid() && key.isReadable()) {
                buffer.clear();
                int read = channel.read(buffer);
                if (read < 0) {
                    return true;
                }
                buffer.flip();
                return stream.consume(buffer, now);
            }
            return false;
        } catch (IOException e) {
            stream.failed = true;
            return true;
        }
    }

    private static long bytesAsLong(String ascii) {
        long value = 0;
        for (byte b : ascii.getBytes(StandardCharsets.US_ASCII)) {
            value = (value << 8) | (b & 0xFF);
        }
        return value;
    }
}
