package dev.ollamaperf.client.internal.codec;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
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
