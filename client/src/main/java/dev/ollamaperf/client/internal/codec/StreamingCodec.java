package dev.ollamaperf.client.internal.codec;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** A {@link Codec} over a hand-written streaming reader and writer. */
final class StreamingCodec<T> implements Codec<T> {

    private final JsonFactory factory;
    private final String typeName;
    private final JsonReader<T> reader;
    private final JsonWriter<T> writer;

    StreamingCodec(JsonFactory factory, String typeName, JsonReader<T> reader, JsonWriter<T> writer) {
        this.factory = factory;
        this.typeName = typeName;
        this.reader = reader;
        this.writer = writer;
    }

    @Override
    public T decode(byte[] bytes, int offset, int length) {
        try (JsonParser p = factory.createParser(bytes, offset, length)) {
            return read(p);
        } catch (ErrorBodyException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new JsonCodecException("cannot decode " + typeName + ": " + JsonErrors.describe(e), e);
        }
    }

    @Override
    public T decode(InputStream in) {
        try (JsonParser p = factory.createParser(in)) {
            p.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
            return read(p);
        } catch (ErrorBodyException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new JsonCodecException("cannot decode " + typeName + ": " + JsonErrors.describe(e), e);
        }
    }

    /**
     * One non-blocking parser for the whole stream, fed each line in place ({@link LineParser}). Only a line that is
     * one complete, balanced JSON object (and whitespace) goes through it; any other line, and any line it fails on,
     * is decoded by {@link #decode(byte[], int, int)}, so values and exceptions are the same as line-by-line
     * decoding.
     */
    @Override
    public LineDecoder<T> lineDecoder() {
        return new LineDecoder<>() {
            private final LineParser lines = new LineParser(factory);

            @Override
            public T decode(byte[] bytes, int offset, int length) {
                if (!isOneCompleteObject(bytes, offset, length)) {
                    return StreamingCodec.this.decode(bytes, offset, length);
                }
                try {
                    JsonParser parser = lines.feed(bytes, offset, length);
                    if (parser.nextToken() == JsonToken.START_OBJECT) {
                        T value = reader.read(parser);
                        if (parser.currentToken() == JsonToken.END_OBJECT
                                && parser.getParsingContext().inRoot()
                                && parser.nextToken() == JsonToken.NOT_AVAILABLE) {
                            return value;
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // decoded again below, for the same exception as line-by-line decoding
                }
                close(); // in an unknown state: the next line gets a new one
                return StreamingCodec.this.decode(bytes, offset, length);
            }

            @Override
            public void close() {
                lines.close();
            }
        };
    }

    /**
     * True when the bytes are whitespace, one JSON object whose braces and brackets balance outside strings, and
     * whitespace: such a line cannot leave a non-blocking parser waiting for more input in the middle of a value.
     */
    static boolean isOneCompleteObject(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int i = offset;
        while (i < end && isWhitespace(bytes[i])) {
            i++;
        }
        if (i == end || bytes[i] != '{') {
            return false;
        }
        int depth = 0;
        boolean inString = false;
        boolean closed = false;
        for (; i < end && !closed; i++) {
            byte b = bytes[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                depth++;
            } else if (b == '}' || b == ']') {
                depth--;
                closed = depth == 0;
            }
        }
        if (!closed) {
            return false;
        }
        for (; i < end; i++) {
            if (!isWhitespace(bytes[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    private T read(JsonParser p) throws IOException {
        if (p.nextToken() == null) {
            throw new IOException("empty input");
        }
        return reader.read(p);
    }

    @Override
    public byte[] encode(T value) {
        // As ObjectMapper.writeValueAsBytes does: a segmented builder over the factory's recycled
        // buffers. A growing ByteArrayOutputStream allocated 2.4x what Jackson did for a 20 KB
        // chat history (ChatEncodeBenchmark), in copies made while doubling.
        try (ByteArrayBuilder out = new ByteArrayBuilder(factory._getBufferRecycler())) {
            encode(value, out);
            byte[] bytes = out.toByteArray();
            out.release();
            return bytes;
        }
    }

    @Override
    public void encode(T value, OutputStream out) {
        try (JsonGenerator g = factory.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            writer.write(g, value);
        } catch (IOException | RuntimeException e) {
            throw new JsonCodecException("cannot encode " + typeName + ": " + e.getMessage(), e);
        }
    }
}
