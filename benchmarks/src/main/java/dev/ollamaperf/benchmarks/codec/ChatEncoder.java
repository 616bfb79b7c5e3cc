package dev.ollamaperf.benchmarks.codec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.ollamaperf.client.api.ChatMessage;
import dev.ollamaperf.client.api.ChatRequest;
import dev.ollamaperf.client.internal.codec.OllamaCodecs;
import io.github.ollama4j.models.chat.OllamaChatMessageRole;
import io.github.ollama4j.models.chat.OllamaChatRequest;
import io.github.ollama4j.utils.Utils;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The systems whose chat-request encoding is compared, each building its own request object once
 * (in setup) and then encoding it to JSON bytes on every call.
 */
public enum ChatEncoder {

    /** ollama-perf's client: hand-written streaming JsonGenerator codec. */
    OURS(OursEncoding::new),
    /** Baseline: a plain Jackson ObjectMapper serializing the same record by reflection. */
    JACKSON(JacksonEncoding::new),
    /** io.github.ollama4j 1.1.6: its own request class through its own ObjectMapper. */
    OLLAMA4J(Ollama4jEncoding::new);

    private final BiFunction<String, List<ChatMessage>, Encoding> factory;

    ChatEncoder(BiFunction<String, List<ChatMessage>, Encoding> factory) {
        this.factory = factory;
    }

    /** Builds this system's request for the conversation, ready to be encoded repeatedly. */
    public Encoding prepare(String model, List<ChatMessage> history) {
        return factory.apply(model, history);
    }

    /** A prepared request. */
    @FunctionalInterface
    public interface Encoding {
        /** Encodes the prepared request to UTF-8 JSON. */
        byte[] encode();
    }

    private static final class OursEncoding implements Encoding {
        private final OllamaCodecs codecs = OllamaCodecs.shared();
        private final ChatRequest request;

        OursEncoding(String model, List<ChatMessage> history) {
            this.request = ChatRequest.of(model, history);
        }

        @Override
        public byte[] encode() {
            return codecs.chatRequest().encode(request);
        }
    }

    private static final class JacksonEncoding implements Encoding {
        private final ObjectMapper mapper = new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);
        private final ChatRequest request;

        JacksonEncoding(String model, List<ChatMessage> history) {
            this.request = ChatRequest.of(model, history);
        }

        @Override
        public byte[] encode() {
            try {
                return mapper.writeValueAsBytes(request);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final class Ollama4jEncoding implements Encoding {
        private final ObjectMapper mapper = Utils.getObjectMapper();
        private final OllamaChatRequest request;

        Ollama4jEncoding(String model, List<ChatMessage> history) {
            OllamaChatRequest built = OllamaChatRequest.builder().withModel(model);
            for (ChatMessage message : history) {
                built = built.withMessage(role(message.role()), message.content());
            }
            this.request = built.build();
        }

        private static OllamaChatMessageRole role(String role) {
            switch (role) {
                case "system":
                    return OllamaChatMessageRole.SYSTEM;
                case "assistant":
                    return OllamaChatMessageRole.ASSISTANT;
                case "tool":
                    return OllamaChatMessageRole.TOOL;
                default:
                    return OllamaChatMessageRole.USER;
            }
        }

        @Override
        public byte[] encode() {
            try {
                return mapper.writeValueAsBytes(request);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
