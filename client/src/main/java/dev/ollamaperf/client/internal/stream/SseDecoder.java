package dev.ollamaperf.client.internal.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ollamaperf.client.StreamListener;
import dev.ollamaperf.client.api.Metrics;
import dev.ollamaperf.client.api.openai.ChatCompletionChunk;
import dev.ollamaperf.client.api.openai.ChunkChoice;
import dev.ollamaperf.client.error.StreamErrorException;
import dev.ollamaperf.client.error.StreamTruncatedException;
import dev.ollamaperf.client.internal.codec.Codec;
import dev.ollamaperf.client.internal.codec.JsonCodecException;
import dev.ollamaperf.client.internal.codec.OllamaCodecs;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Decodes the Server-Sent Events stream of {@code /v1/chat/completions}: {@code data:} lines (several lines of one
 * event are joined with {@code \n}) up to a blank line make one event; {@code data: [DONE]} ends the stream;
 * comments ({@code :...}) and other fields ({@code event:}, {@code id:}, {@code retry:}) are ignored.
 *
 * <p>Same contract as {@link NdjsonDecoder}: push-based, one clock reading per {@code feed}, typed errors with the
 * partial aggregate. An event {@code {"error":{...}}} throws {@link StreamErrorException}; the end of input
 * before {@code [DONE]} throws {@link StreamTruncatedException} (this is also how Ollama's mid-stream failures
 * look on /v1: an empty chunk, then the connection closes). Usage, when sent, fills
 * {@link Metrics#promptEvalCount()} and {@link Metrics#evalCount()}; /v1 carries no durations.
 */
public final class SseDecoder extends LineStreamDecoder {

    private static final byte[] DONE = "[DONE]".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final Codec<ChatCompletionChunk> codec;
    private final ObjectMapper mapper;
    private final StreamListener<? super ChatCompletionChunk> listener;
    private byte[] data = new byte[512];
    private int dataLength = -1; // -1: no data line in the current event

    /**
     * A decoder for one stream.
     *
     * @param startNanos the request's start on {@code nanoClock}; arrival times are relative to it
     */
    public SseDecoder(
            OllamaCodecs codecs,
            StreamListener<? super ChatCompletionChunk> listener,
            LongSupplier nanoClock,
            long startNanos) {
        super(nanoClock, startNanos);
        this.codec = codecs.chatCompletionChunk();
        this.mapper = codecs.mapper();
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** An event cut off by the end of input is dispatched (an undecodable one means truncation). */
    @Override
    void onEndOfInput() {
        dispatch();
    }

    @Override
    void onLine(byte[] b, int off, int len) {
        if (acc.isDone()) {
            return;
        }
        if (len == 0) {
            dispatch();
            return;
        }
        if (len >= 5
                && b[off] == 'd'
                && b[off + 1] == 'a'
                && b[off + 2] == 't'
                && b[off + 3] == 'a'
                && b[off + 4] == ':') {
            int start = off + 5;
            if (start < off + len && b[start] == ' ') {
                start++;
            }
            appendData(b, start, off + len - start);
        }
        // other fields and ":" comments are ignored
    }

    private void appendData(byte[] b, int off, int len) {
        int needed = (dataLength < 0 ? 0 : dataLength + 1) + len;
        if (needed > data.length) {
            data = Arrays.copyOf(data, Math.max(needed, data.length * 2));
        }
        if (dataLength < 0) {
            dataLength = 0;
        } else {
            data[dataLength++] = '\n';
        }
        System.arraycopy(b, off, data, dataLength, len);
        dataLength += len;
    }

    private void dispatch() {
        if (dataLength < 0) {
            return;
        }
        int len = dataLength;
        dataLength = -1;
        if (len == DONE.length && Arrays.equals(data, 0, len, DONE, 0, len)) {
            acc.markDone();
            return;
        }
        ChatCompletionChunk chunk;
        try {
            chunk = codec.decode(data, 0, len);
        } catch (JsonCodecException e) {
            if (finishing) {
                return;
            }
            throw new StreamErrorException("undecodable event: " + e.getMessage(), acc.toAggregate(), e);
        }
        if (chunk.id() == null && chunk.choices().isEmpty() && chunk.usage() == null) {
            throw new StreamErrorException(errorMessage(len), acc.toAggregate(), null);
        }
        accumulate(chunk);
        listener.onChunk(chunk, feedTime);
    }

    private void accumulate(ChatCompletionChunk chunk) {
        String content = null;
        String reasoning = null;
        if (!chunk.choices().isEmpty()) {
            ChunkChoice choice = chunk.choices().get(0);
            if (choice.delta() != null) {
                content = choice.delta().content();
                reasoning = choice.delta().reasoning();
            }
            acc.doneReason(choice.finishReason());
        }
        acc.chunk(chunk.model(), content, reasoning, feedTime);
        if (chunk.usage() != null) {
            acc.metrics(new Metrics(
                    0, 0, chunk.usage().promptTokens(), 0, chunk.usage().completionTokens(), 0));
        }
    }

    private String errorMessage(int len) {
        try {
            JsonNode error = mapper.readTree(data, 0, len).path("error");
            return error.isTextual() ? error.asText() : error.path("message").asText(error.toString());
        } catch (IOException e) {
            return new String(data, 0, len, java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
