package dev.ollamaperf.client.internal.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.ollamaperf.client.api.ChatRequest;
import dev.ollamaperf.client.api.ChatResponse;
import dev.ollamaperf.client.api.Format;
import dev.ollamaperf.client.api.GenerateRequest;
import dev.ollamaperf.client.api.GenerateResponse;
import dev.ollamaperf.client.api.KeepAlive;
import dev.ollamaperf.client.api.Options;
import dev.ollamaperf.client.api.Think;
import java.io.IOException;

/**
 * Registers the hand-written readers/writers with databind, so a type that contains one (e.g.
 * {@code EmbedRequest.options}) or code that uses the shared mapper directly gets the same wire shape.
 */
final class OllamaModule extends SimpleModule {

    private static final long serialVersionUID = 1L;

    OllamaModule() {
        super("ollama-perf");
        bind(Options.class, OptionsCodec::read, OptionsCodec::write);
        bind(KeepAlive.class, JsonValues::keepAlive, (g, v) -> g.writeString(v.toWire()));
        bind(Think.class, JsonValues::think, OllamaModule::writeThinkValue);
        bind(Format.class, JsonValues::format, (g, v) -> g.writeRawValue(v.rawJson()));
        bind(GenerateRequest.class, GenerateCodec::readRequest, GenerateCodec::writeRequest);
        bind(GenerateResponse.class, GenerateCodec::readResponse, GenerateCodec::writeResponse);
        bind(ChatRequest.class, ChatCodec::readRequest, ChatCodec::writeRequest);
        bind(ChatResponse.class, ChatCodec::readResponse, ChatCodec::writeResponse);
    }

    private static void writeThinkValue(JsonGenerator g, Think v) throws IOException {
        if (v.isBoolean()) {
            g.writeBoolean(v.equals(Think.ON));
        } else {
            g.writeString(v.value());
        }
    }

    private <T> void bind(Class<T> type, JsonReader<T> reader, JsonWriter<T> writer) {
        addSerializer(type, new JsonSerializer<T>() {
            @Override
            public void serialize(T value, JsonGenerator g, SerializerProvider provider) throws IOException {
                writer.write(g, value);
            }
        });
        addDeserializer(type, new JsonDeserializer<T>() {
            @Override
            public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                return reader.read(p);
            }
        });
    }
}
