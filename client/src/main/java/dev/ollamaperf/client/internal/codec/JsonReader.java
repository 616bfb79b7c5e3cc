package dev.ollamaperf.client.internal.codec;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;

/** Reads one value with a streaming parser positioned on the value's first token. */
@FunctionalInterface
interface JsonReader<T> {
    T read(JsonParser p) throws IOException;
}
