package dev.ollamaperf.client.internal.stream;

import dev.ollamaperf.client.StreamAggregate;
import dev.ollamaperf.client.StreamListener;
import dev.ollamaperf.client.api.ChatResponse;
import dev.ollamaperf.client.api.GenerateResponse;
import dev.ollamaperf.client.error.StreamErrorException;
import dev.ollamaperf.client.error.StreamTruncatedException;
import dev.ollamaperf.client.internal.codec.ChatTextScanner;
import dev.ollamaperf.client.internal.codec.Codec;
import dev.ollamaperf.client.internal.codec.ErrorBodyException;
import dev.ollamaperf.client.internal.codec.JsonCodecException;
import dev.ollamaperf.client.internal.codec.OllamaCodecs;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Decodes Ollama's native NDJSON stream ({@code /api/generate}, {@code /api/chat}) as bytes arrive, hands each
 * chunk to a {@link StreamListener} with its arrival time, and ends with a {@link StreamAggregate}.
 *
 * <p>Implementation notes: push-based ({@link #feed}, in {@link LineStreamDecoder}) so the transport can pass each network read straight in;
 * lines split across reads are reassembled, blank lines skipped, CRLF accepted. One clock reading is taken per
 * {@code feed} call and stamped on every line that call completes: that is the client-observed arrival (bytes
 * that came in the same read arrived together). A line {@code {"error":...}} throws {@link StreamErrorException};
 * {@link #finish()} without a {@code done:true} chunk throws {@link StreamTruncatedException}; both carry the
 * partial aggregate. Anything after the {@code done} chunk is ignored. Not thread-safe: one stream, one thread.
 *
 * @param <C> chunk type ({@link GenerateResponse} or {@link ChatResponse})
 */
public final class NdjsonDecoder<C> extends LineStreamDecoder {

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

    private final Codec.LineDecoder<C> codec;
    private final Shape<C> shape;
    private final StreamListener<? super C> listener;
    /** Null unless the caller takes only the aggregate: then plain chunks are read without decoding them. */
    private final ChatTextScanner scanner;
    /** Told of each chunk the scanner read, which the listener never sees. */
    private final Runnable scanned;

    private NdjsonDecoder(
            Codec<C> codec,
            Shape<C> shape,
            StreamListener<? super C> listener,
            LongSupplier nanoClock,
            long startNanos,
            ChatTextScanner scanner,
            Runnable scanned) {
        super(nanoClock, startNanos);
        this.codec = codec.lineDecoder();
        this.shape = shape;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.scanner = scanner;
        this.scanned = scanned;
    }

    /**
     * A decoder for an {@code /api/generate} stream.
     *
     * @param startNanos the request's start on {@code nanoClock}; arrival times are relative to it
     */
    public static NdjsonDecoder<GenerateResponse> generate(
            OllamaCodecs codecs,
            StreamListener<? super GenerateResponse> listener,
            LongSupplier nanoClock,
            long startNanos) {
        return new NdjsonDecoder<>(codecs.generateResponse(), GENERATE, listener, nanoClock, startNanos, null, null);
    }

    /** A decoder for an {@code /api/chat} stream; see {@link #generate}. */
    public static NdjsonDecoder<ChatResponse> chat(
            OllamaCodecs codecs,
            StreamListener<? super ChatResponse> listener,
            LongSupplier nanoClock,
            long startNanos) {
        return new NdjsonDecoder<>(codecs.chatResponse(), CHAT, listener, nanoClock, startNanos, null, null);
    }

    /**
     * A decoder for an {@code /api/chat} stream whose caller takes only the aggregate: plain chunks (text, the final
     * chunk's reason and timings; see {@link ChatTextScanner}) go into the aggregate without a {@link ChatResponse}
     * being made, and {@code scanned} is told of each; every other line is decoded and handed to {@code listener} as
     * {@link #chat} does. The aggregate, its arrival times and the exceptions are the same as {@link #chat}'s.
     */
    public static NdjsonDecoder<ChatResponse> chatAggregate(
            OllamaCodecs codecs,
            StreamListener<? super ChatResponse> listener,
            Runnable scanned,
            LongSupplier nanoClock,
            long startNanos) {
        return new NdjsonDecoder<>(
                codecs.chatResponse(),
                CHAT,
                listener,
                nanoClock,
                startNanos,
                codecs.chatTextScanner(),
                Objects.requireNonNull(scanned, "scanned"));
    }

    /**
     * Tells the decoder the size of a stream known before it starts (a cached answer about to be {@linkplain
     * #deliver delivered}), so the aggregate's buffers are allocated once at their final size.
     *
     * @param contentChunks the chunks that will carry content or thinking text
     * @param textChars     the content text's length in chars
     */
    public void expect(int contentChunks, int textChars) {
        acc.expect(contentChunks, textChars);
    }

    /**
     * Hands over a chunk that is already decoded (a cached answer replayed) exactly as if its line had just
     * arrived in a read of its own: one clock reading, the aggregate, the listener. Chunks after the done one
     * are ignored, as lines are.
     */
    public void deliver(C chunk) {
        if (acc.isDone()) {
            return;
        }
        stampArrival();
        shape.accumulate(chunk, acc, feedTime);
        listener.onChunk(chunk, feedTime);
    }

    @Override
    void onLine(byte[] bytes, int offset, int length) {
        if (acc.isDone() || LineSplitter.isBlank(bytes, offset, length)) {
            return;
        }
        if (scanner != null && scanner.scan(bytes, offset, length)) {
            acc.chunk(
                    scanner.model(),
                    scanner.content(),
                    scanner.contentLength(),
                    scanner.thinking(),
                    scanner.thinkingLength(),
                    feedTime);
            if (scanner.done()) {
                acc.doneReason(scanner.doneReason());
                acc.metrics(scanner.metrics());
                acc.markDone();
                codec.close(); // the done chunk is the last one read
            }
            scanned.run();
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
        if (acc.isDone()) {
            codec.close(); // the done chunk is the last one decoded
        }
        listener.onChunk(chunk, feedTime);
    }
}
