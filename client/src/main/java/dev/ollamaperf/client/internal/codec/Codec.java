package dev.ollamaperf.client.internal.codec;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * Encodes and decodes one API type as JSON. Implementations are thread-safe and hold every Jackson reader/writer
 * they need pre-built, so a call does no reflection lookups.
 *
 * @param <T> the API type
 */
public interface Codec<T> {

    /** Decodes one JSON value from {@code length} bytes of {@code bytes} starting at {@code offset}. */
    T decode(byte[] bytes, int offset, int length);

    /** Decodes one JSON value from the whole array. */
    default T decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    /**
     * A decoder for a sequence of lines of one stream, each one JSON value, as {@link #decode(byte[], int, int)}
     * decodes them: same values, same exceptions. It may keep state between lines (a parser) to allocate less per
     * line, so it is not thread-safe: one stream, one decoder.
     */
    default LineDecoder<T> lineDecoder() {
        return this::decode;
    }

    /** Decodes the JSON value of one line; see {@link #lineDecoder()}. */
    @FunctionalInterface
    interface LineDecoder<T> {
        T decode(byte[] bytes, int offset, int length);

        /** Called once the stream's last line is decoded: releases what the decoder kept (a parser). */
        default void close() {}
    }

    /** Decodes one JSON value from the stream (the stream is read, not closed). */
    T decode(InputStream in);

    /** Encodes to a new byte array (UTF-8 JSON, no trailing newline). */
    byte[] encode(T value);

    /** Encodes onto {@code out} (UTF-8 JSON, no trailing newline; {@code out} is flushed, not closed). */
    void encode(T value, OutputStream out);
}
