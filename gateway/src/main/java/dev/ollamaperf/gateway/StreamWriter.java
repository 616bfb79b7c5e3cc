package dev.ollamaperf.gateway;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes one streamed response, chunk by chunk, flushing each: headers (200, chunked) go out with the first
 * chunk, as Ollama's do, so a failure before any chunk can still be answered with its real status.
 * A write that fails (the caller went away) throws {@link UncheckedIOException}, which ends the upstream call.
 */
final class StreamWriter {

    private final HttpExchange exchange;
    private final String contentType;
    private final Runnable beforeFirstWrite;
    private OutputStream out;

    /** @param beforeFirstWrite runs once, just before the first chunk goes out (the traffic log's TTFT) */
    StreamWriter(HttpExchange exchange, String contentType, Runnable beforeFirstWrite) {
        this.exchange = exchange;
        this.contentType = contentType;
        this.beforeFirstWrite = beforeFirstWrite;
    }

    boolean started() {
        return out != null;
    }

    void write(byte[] chunk) {
        try {
            if (out == null) {
                beforeFirstWrite.run();
                exchange.getResponseHeaders().set("Content-Type", contentType);
                exchange.sendResponseHeaders(200, 0);
                out = exchange.getResponseBody();
            }
            out.write(chunk);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the caller stopped reading the stream", e);
        }
    }

    void write(String chunk) {
        write(chunk.getBytes(StandardCharsets.UTF_8));
    }

    /** Ends the stream (closing the chunked body); safe to call after a failed write. */
    void finish() {
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException ignored) {
            // the caller is gone: nothing left to tell it
        } finally {
            exchange.close();
        }
    }
}
