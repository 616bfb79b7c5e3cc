package dev.ollamaperf.client.stream;

import dev.ollamaperf.client.api.ChatResponse;
import dev.ollamaperf.client.api.GenerateResponse;
import dev.ollamaperf.client.codec.Codec;
import dev.ollamaperf.client.codec.ErrorBodyException;
import dev.ollamaperf.client.codec.JsonCodecException;
import dev.ollamaperf.client.codec.OllamaCodecs;
import dev.ollamaperf.client.error.StreamErrorException;
import dev.ollamaperf.client.error.StreamTruncatedException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Decodes Ollama's native NDJSON stream ({@code /api/generate}, {@code /api/chat}) as bytes arrive, hands each
 * chunk to a {@link StreamListener} with its arrival time, and ends with a {@link StreamAggregate}.
 *
 * <p>Implementation notes: push-based ({@link #feed}) so the transport can pass each network read straight in;
 * lines split across reads are reassembled, blank lines skipped, CRLF accepted. One clock reading is taken per
 * {@code feed} call and stamped on every line that call completes: that is the client-observed arrival (bytes
 * that came in the same read arrived together). A line {@code {"error":...}} throws {@link StreamErrorException};
 * {@link #finish()} without a {@code done:true} chunk throws {@link StreamTruncatedException}; both carry the
 * partial aggregate. Anything after the {@code done} chunk is ignored. Not thread-safe: one stream, one thread.
 *
 * @param <C> chunk type ({@link GenerateResponse} or {@link ChatResponse})
 */
public final class NdjsonDecoder<C> implements StreamDecoder {

    /** How a chunk type maps onto the aggregate. */
    private interface Shape<C> {
        void accumulate(C chunk, Accumulator acc, long sinceStart);
    }

    private static final Shape<GenerateResponse> GENERATE = (c, acc, t) -> {
        acc.chunk(c.model(), c.response(), c.thinking(), t);
        acc.toolCalls(c.toolCalls());
        if (c.done()) {
            acc.doneReason(c.doneReason());
            acc.metrics(c.metrics());
            acc.markDone();
        }
    };

    private static final Shape<ChatResponse> CHAT = (c, acc, t) -> {
        acc.chunk(c.model(), c.message().content(), c.message().thinking(), t);
        acc.toolCalls(c.message().toolCalls());
        if (c.done()) {
            acc.doneReason(c.doneReason());
            acc.metrics(c.metrics());
            acc.markDone();
        }
    };

    private final Codec<C> codec;
    private final Shape<C> shape;
    private final StreamListener<? super C> listener;
    private final LongSupplier nanoClock;
    private final Accumulator acc;
    private final LineSplitter lines = new LineSplitter();
    private final LineSplitter.LineSink sink = this::onLine;
    private long feedTime;
    private boolean finishing; // an unterminated, undecodable last line means a cut stream, not a bad line

    private NdjsonDecoder(Codec<C> codec, Shape<C> shape, StreamListener<? super C> listener, LongSupplier nanoClock,
                          long startNanos) {
        this.codec = codec;
        this.shape = shape;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.acc = new Accumulator(startNanos);
    }

    /**
     * A decoder for an {@code /api/generate} stream.
     *
     * @param startNanos the request's start on {@code nanoClock}; arrival times are relative to it
     */
    public static NdjsonDecoder<GenerateResponse> generate(OllamaCodecs codecs,
                                                            StreamListener<? super GenerateResponse> listener,
                                                            LongSupplier nanoClock, long startNanos) {
        return new NdjsonDecoder<>(codecs.generateResponse(), GENERATE, listener, nanoClock, startNanos);
    }

    /** A decoder for an {@code /api/chat} stream; see {@link #generate}. */
    public static NdjsonDecoder<ChatResponse> chat(OllamaCodecs codecs, StreamListener<? super ChatResponse> listener,
                                                    LongSupplier nanoClock, long startNanos) {
        return new NdjsonDecoder<>(codecs.chatResponse(), CHAT, listener, nanoClock, startNanos);
    }

    /**
     * Feeds the bytes of one network read.
     *
     * @throws StreamErrorException on an error line or an undecodable line
     */
    @Override
    public void feed(byte[] bytes, int offset, int length) {
        feedTime = acc.sinceStart(nanoClock.getAsLong());
        lines.feed(bytes, offset, length, sink);
    }

    /** True once the {@code done:true} chunk has been decoded. */
    @Override
    public boolean isDone() {
        return acc.isDone();
    }

    /** What has been received so far. */
    @Override
    public StreamAggregate partial() {
        return acc.toAggregate();
    }

    /**
     * Ends the stream: decodes a last unterminated line if any, and returns the aggregate.
     *
     * @throws StreamTruncatedException if no {@code done:true} chunk arrived
     */
    @Override
    public StreamAggregate finish() {
        if (!acc.isDone()) {
            feedTime = acc.sinceStart(nanoClock.getAsLong());
            finishing = true;
            lines.finish(sink);
        }
        if (!acc.isDone()) {
            throw new StreamTruncatedException(acc.toAggregate(), null);
        }
        return acc.toAggregate();
    }

    /**
     * Reads {@code in} to its end (or to the {@code done} chunk) and returns the aggregate. An I/O failure after
     * the stream began becomes a {@link StreamTruncatedException} carrying what was received; the caller closes
     * {@code in}.
     */
    public StreamAggregate readFully(InputStream in) {
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

    private void onLine(byte[] bytes, int offset, int length) {
        if (acc.isDone() || LineSplitter.isBlank(bytes, offset, length)) {
            return;
        }
        C chunk;
        try {
            chunk = codec.decode(bytes, offset, length);
        } catch (ErrorBodyException e) {
            throw new StreamErrorException(e.serverMessage(), acc.toAggregate(), e);
        } catch (JsonCodecException e) {
            if (finishing) {
                return;
            }
            throw new StreamErrorException("undecodable line: " + e.getMessage(), acc.toAggregate(), e);
        }
        shape.accumulate(chunk, acc, feedTime);
        listener.onChunk(chunk, feedTime);
    }
}
