package dev.ollamaperf.load.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Times the lines of one streamed answer, whatever client read them, and delivers its {@link StreamObservation}
 * exactly once.
 *
 * <p>Implementation notes: the transport stamps each line on arrival and hands it over with that stamp, so parsing
 * never inflates a measured latency. Lines come from one thread at a time (the transport's), so the fields need no
 * locking; only the delivery can race (the body completing, the connection failing and the timeout firing), which the
 * {@code delivered} flag settles. Ollama sends no headers until its first token (docs/ollama-api.md §1.0), so the
 * response's arrival is not used as TTFT: the first line with text is.
 */
final class StreamTimer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE_MARKER = "[DONE]".getBytes(StandardCharsets.US_ASCII);

    private final OllamaRequest request;
    private final long intendedStartNanos;
    private final long sendNanos;
    private final Consumer<StreamObservation> done;
    /** The answer's text so far, when kept; else null. */
    private final StringBuilder answer;

    private final ChunkReader chunk;

    private final AtomicBoolean delivered = new AtomicBoolean();
    private volatile int status;
    private long firstTokenNanos = -1;
    private long firstThinkingNanos = -1;
    private long lastTokenNanos;
    private long endNanos = -1;
    private int tokens;
    private long[] gaps = new long[64];
    private StreamObservation.ServerTimings server;
    private String errorMessage;
    private boolean finished;

    /**
     * @param keepAnswer keep the answer's text in the observation (a conversation sends it back next turn)
     */
    StreamTimer(
            OllamaRequest request,
            long intendedStartNanos,
            long sendNanos,
            boolean keepAnswer,
            Consumer<StreamObservation> done) {
        this.request = request;
        this.intendedStartNanos = intendedStartNanos;
        this.sendNanos = sendNanos;
        this.answer = keepAnswer ? new StringBuilder() : null;
        this.chunk = new ChunkReader(request.api(), keepAnswer);
        this.done = done;
    }

    /** The request body as the API writes it. */
    static byte[] body(OllamaRequest request) {
        try {
            return JSON.writeValueAsBytes(request.api().body(request));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode request for " + request.model(), e);
        }
    }

    /** The response's status arrived. */
    void status(int code) {
        status = code;
    }

    /** True once the observation went out (the transport may stop reading). */
    boolean delivered() {
        return delivered.get();
    }

    /** One body line (without its line break), stamped on arrival. */
    void line(String line, long arrival) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        line(bytes, 0, bytes.length, arrival);
    }

    /** One body line, {@code bytes[offset, offset + length)} without its line break, stamped on arrival. */
    void line(byte[] bytes, int offset, int length, long arrival) {
        int end = offset + length;
        int start = offset;
        if (request.api().serverSentEvents()) {
            if (!startsWith(bytes, start, end, DATA)) {
                return; // SSE framing: blank lines, comments, event names
            }
            start += DATA.length;
            // trimmed as String.trim() does (unsigned: a UTF-8 byte is not blank)
            while (start < end && (bytes[start] & 0xFF) <= ' ') {
                start++;
            }
            while (end > start && (bytes[end - 1] & 0xFF) <= ' ') {
                end--;
            }
            if (end - start == DONE_MARKER.length && startsWith(bytes, start, end, DONE_MARKER)) {
                finished = true;
                endNanos = arrival;
                return;
            }
        }
        if (isBlank(bytes, start, end)) {
            return;
        }
        try {
            chunk.read(bytes, start, end - start);
        } catch (IOException e) {
            errorMessage =
                    "unparseable line: " + abbreviate(new String(bytes, start, end - start, StandardCharsets.UTF_8));
            return;
        }
        chunk(arrival);
    }

    private void chunk(long arrival) {
        if (chunk.error != null) {
            errorMessage = chunk.error;
            endNanos = arrival;
            return;
        }
        if (chunk.hasThinking && firstThinkingNanos < 0) {
            firstThinkingNanos = arrival;
        }
        if (chunk.hasText && firstTokenNanos < 0) {
            firstTokenNanos = arrival;
        }
        if (chunk.hasThinking || chunk.hasText) {
            // one chunk, one arrival: a chunk with both thinking and answer text counts once
            onToken(arrival);
        }
        if (chunk.text != null && answer != null) {
            answer.append(chunk.text);
        }
        if (chunk.timings != null) {
            server = chunk.timings;
        }
        if ((chunk.done && !request.api().serverSentEvents()) || !request.stream()) {
            finished = true;
            endNanos = arrival;
        }
    }

    private static boolean startsWith(byte[] bytes, int start, int end, byte[] prefix) {
        if (end - start < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[start + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBlank(byte[] bytes, int start, int end) {
        for (int i = start; i < end; i++) {
            if ((bytes[i] & 0xFF) > ' ') {
                return false;
            }
        }
        return true;
    }

    /** A chunk with text (thinking or answer) arrived: counts it and the gap since the previous one. */
    private void onToken(long arrival) {
        if (tokens > 0) {
            if (tokens - 1 == gaps.length) {
                gaps = Arrays.copyOf(gaps, gaps.length * 2);
            }
            gaps[tokens - 1] = arrival - lastTokenNanos;
        }
        lastTokenNanos = arrival;
        tokens++;
    }

    /** The body ended at {@code now} (the end is the final chunk's arrival when there was one). */
    void complete(long now) {
        long end = endNanos >= 0 ? endNanos : now;
        if (status != 200) {
            deliver(end, RequestOutcome.HTTP_ERROR, errorMessage);
        } else if (errorMessage != null) {
            deliver(end, RequestOutcome.STREAM_ERROR, errorMessage);
        } else if (!finished) {
            deliver(end, RequestOutcome.DROPPED, "stream ended without a final chunk after " + tokens + " tokens");
        } else {
            deliver(end, RequestOutcome.OK, null);
        }
    }

    /** The request failed at {@code now}: a timeout, a refused connection, or a stream cut short. */
    void fail(Throwable failure, long now) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        RequestOutcome outcome;
        if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
            outcome = RequestOutcome.TIMEOUT;
        } else if (cause instanceof ConnectException) {
            outcome = RequestOutcome.CONNECTION;
        } else {
            outcome = tokens > 0 || status != 0 ? RequestOutcome.DROPPED : RequestOutcome.CONNECTION;
        }
        deliver(now, outcome, cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }

    private void deliver(long end, RequestOutcome outcome, String message) {
        if (delivered.compareAndSet(false, true)) {
            long[] interTokenGaps = Arrays.copyOf(gaps, Math.max(0, tokens - 1));
            done.accept(new StreamObservation(
                    request.model(),
                    intendedStartNanos,
                    sendNanos,
                    firstTokenNanos,
                    end,
                    tokens,
                    interTokenGaps,
                    server,
                    outcome,
                    status,
                    message,
                    answer == null ? null : answer.toString(),
                    firstThinkingNanos));
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }
}
