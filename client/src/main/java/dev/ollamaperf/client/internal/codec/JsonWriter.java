package dev.ollamaperf.client.internal.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/** Writes one value with a streaming generator. */
@FunctionalInterface
interface JsonWriter<T> {
    void write(JsonGenerator g, T value) throws IOException;
}
