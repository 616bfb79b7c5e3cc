package dev.ollamaperf.client.internal.stream;

import dev.ollamaperf.client.StreamAggregate;
import dev.ollamaperf.client.error.StreamTruncatedException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * What the NDJSON and SSE decoders share: network reads are split into lines, one clock reading is taken per
 * {@code feed} and stamped on every line that read completes, and the stream ends with the aggregate or a
 * {@link StreamTruncatedException} carrying what was received. Subclasses decode lines; not thread-safe.
 */
abstract class LineStreamDecoder implements StreamDecoder {

    final Accumulator acc;
    private final LongSupplier nanoClock;
    private final LineSplitter lines = new LineSplitter();
    private final LineSplitter.LineSink sink = this::onLine;
    /** Arrival of the read being decoded, nanoseconds since the request's start. */
    long feedTime;
    /** True while the last, unterminated line is decoded: an undecodable one means a cut stream. */
    boolean finishing;

    LineStreamDecoder(LongSupplier nanoClock, long startNanos) {
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.acc = new Accumulator(startNanos);
    }

    /** Reads the clock: the arrival, since the request's start, of what is decoded next. */
    final void stampArrival() {
        feedTime = acc.sinceStart(nanoClock.getAsLong());
    }

    /** Decodes one complete line (without its terminator). */
    abstract void onLine(byte[] bytes, int offset, int length);

    /** Called once at the end of input, after the last line: dispatch anything still buffered. */
    void onEndOfInput() {}

    /** Feeds the bytes of one network read; may throw {@code StreamErrorException}. */
    @Override
    public final void feed(byte[] bytes, int offset, int length) {
        stampArrival();
        lines.feed(bytes, offset, length, sink);
    }

    /** True once the stream's final marker arrived. */
    @Override
    public final boolean isDone() {
        return acc.isDone();
    }

    /** What has been received so far. */
    @Override
    public final StreamAggregate partial() {
        return acc.toAggregate();
    }

    /**
     * Ends the stream: decodes a last unterminated line if any, and returns the aggregate.
     *
     * @throws StreamTruncatedException if the final marker never arrived
     */
    @Override
    public final StreamAggregate finish() {
        if (!acc.isDone()) {
            feedTime = acc.sinceStart(nanoClock.getAsLong());
            finishing = true;
            lines.finish(sink);
            onEndOfInput();
        }
        if (!acc.isDone()) {
            throw new StreamTruncatedException(acc.toAggregate(), null);
        }
        return acc.toAggregate();
    }

    /**
     * Reads {@code in} to its end (or to the final marker) and returns the aggregate. An I/O failure after the
     * stream began becomes a {@link StreamTruncatedException} carrying what was received; the caller closes
     * {@code in}.
     */
    public final StreamAggregate readFully(InputStream in) {
        byte[] buffer = new byte[8192];
        try {
            int n;
            while (!acc.isDone() && (n = in.read(buffer)) >= 0) {
                feed(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new StreamTruncatedException(acc.toAggregate(), e);
        }
        return finish();
    }
}
