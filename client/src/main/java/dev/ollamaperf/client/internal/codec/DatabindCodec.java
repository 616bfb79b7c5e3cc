package dev.ollamaperf.client.internal.codec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** A {@link Codec} over a pre-built databind {@link ObjectReader}/{@link ObjectWriter} (for the cooler paths). */
final class DatabindCodec<T> implements Codec<T> {

    private final Class<T> type;
    private final ObjectReader reader;
    private final ObjectWriter writer;

    DatabindCodec(ObjectMapper mapper, Class<T> type) {
        this.type = type;
        this.reader = mapper.readerFor(type);
        this.writer = mapper.writerFor(type);
    }

    @Override
    public T decode(byte[] bytes, int offset, int length) {
        try {
            return reader.readValue(bytes, offset, length);
        } catch (IOException | RuntimeException e) {
            throw new JsonCodecException("cannot decode " + type.getSimpleName() + ": " + JsonErrors.describe(e), e);
        }
    }

    @Override
    public T decode(InputStream in) {
        try {
            return reader.without(com.fasterxml.jackson.core.JsonParser.Feature.AUTO_CLOSE_SOURCE)
                    .readValue(in);
        } catch (IOException | RuntimeException e) {
            throw new JsonCodecException("cannot decode " + type.getSimpleName() + ": " + JsonErrors.describe(e), e);
        }
    }

    @Override
    public byte[] encode(T value) {
        try {
            return writer.writeValueAsBytes(value);
        } catch (IOException | RuntimeException e) {
            throw new JsonCodecException("cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void encode(T value, OutputStream out) {
        try {
            writer.without(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                    .writeValue(out, value);
        } catch (IOException | RuntimeException e) {
            throw new JsonCodecException("cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
